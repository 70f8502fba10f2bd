/** `spindle crunch factorials --from A --to B`: A!, …, B! as BigInts, computed in parallel. */
import { Command } from 'commander';
import { UsageError } from '../exit-codes.ts';
import { emit } from '../output.ts';
import { BACKENDS, openBackend, parseBackend } from './backends.ts';
import { exitOnInterrupt } from './interrupt.ts';
import { parseInteger, parseWorkers } from './parse.ts';
import { startProgress } from './progress.ts';
import { type FactorialOutcome, factorial } from './tasks.ts';

const MAX_FACTORIAL = 1_000_000;
const MAX_COUNT = 100_000;

const EXAMPLES = `
Examples:
  $ spindle crunch factorials --from 1 --to 20
  $ spindle crunch factorials --from 10000 --to 10100 --summary     # digits, leading digits, sha256
  $ spindle crunch factorials --from 0 --to 50 --backend serial --json`;

/** The `factorials` subcommand of `spindle crunch`. */
export function factorialsCommand(): Command {
  return new Command('factorials')
    .description('compute A!, (A+1)!, …, B! exactly (BigInt), one task per number, in parallel')
    .requiredOption('--from <A>', 'first number')
    .option('--to <B>', 'last number')
    .option('--workers <N>', 'workers (default: the CPUs available)')
    .option('--backend <name>', `where to run: ${BACKENDS.join(', ')}`, 'threads')
    .option('--summary', 'print the number of digits, the leading digits and a sha256 of each value instead')
    .option('--json', 'print one JSON document on stdout')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .action(async (_: unknown, command: Command) => {
      // optsWithGlobals: `crunch` has --to/--workers/--json too (for --compare) and may have taken them.
      const options = command.optsWithGlobals<FactorialsOptions>();
      if (options.to === undefined) throw new UsageError('crunch factorials needs --to B');
      const from = parseInteger(options.from, '--from', 0, MAX_FACTORIAL);
      const to = parseInteger(options.to, '--to', from, Math.min(MAX_FACTORIAL, from + MAX_COUNT - 1));
      const workers = parseWorkers(options.workers);
      const backend = await openBackend(parseBackend(options.backend), workers);
      exitOnInterrupt('crunch');
      const progress = startProgress('factorials', to - from + 1);
      const summary = options.summary === true;
      let outcomes: FactorialOutcome[];
      try {
        outcomes = await Promise.all(
          Array.from({ length: to - from + 1 }, async (_, i) => {
            const outcome = await backend.run(factorial, from + i, summary);
            progress.tick();
            return outcome;
          }),
        );
      } finally {
        progress.stop();
        await backend.close();
      }
      print(outcomes, options.json === true);
    });
}

interface FactorialsOptions {
  from: string;
  to?: string;
  workers?: string;
  backend: string;
  summary?: boolean;
  json?: boolean;
}

function print(outcomes: FactorialOutcome[], json: boolean): void {
  if (json) {
    const plain = outcomes.map((o) => ('value' in o ? { n: o.n, value: o.value.toString() } : o));
    emit(JSON.stringify({ job: 'factorials', results: plain }, null, 2));
    return;
  }
  for (const o of outcomes) {
    emit(
      'value' in o
        ? `${o.n}! = ${o.value}`
        : `${o.n}!: ${o.digits} digits, ${o.leading}…, sha256 ${o.sha256}`,
    );
  }
}
