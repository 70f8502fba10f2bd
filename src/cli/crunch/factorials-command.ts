/** `spindle crunch factorials --from A --to B`: A!, …, B! as BigInts, computed in parallel. */
import { defineCommand } from '../args/spec.ts';
import { UsageError } from '../exit-codes.ts';
import { emit } from '../output.ts';
import { BACKENDS, parseBackend, parseInteger, parseWorkers } from './parse.ts';
import type { FactorialOutcome } from './tasks.ts';

const MAX_FACTORIAL = 1_000_000;
const MAX_COUNT = 100_000;

const EXAMPLES = `
Examples:
  $ spindle crunch factorials --from 1 --to 20
  $ spindle crunch factorials --from 10000 --to 10100 --summary     # digits, leading digits, sha256
  $ spindle crunch factorials --from 0 --to 50 --backend serial --json`;

/** The `factorials` subcommand of `spindle crunch`. */
export const factorialsCommand = defineCommand({
  name: 'factorials',
  description: 'compute A!, (A+1)!, …, B! exactly (BigInt), one task per number, in parallel',
  options: {
    from: { value: '<A>', description: 'first number', required: true },
    to: { value: '<B>', description: 'last number' },
    workers: { value: '<N>', description: 'workers (default: the CPUs available)' },
    backend: { value: '<name>', description: `where to run: ${BACKENDS.join(', ')}`, default: 'threads' },
    summary: {
      description: 'print the number of digits, the leading digits and a sha256 of each value instead',
    },
    json: { description: 'print one JSON document on stdout' },
  },
  epilog: EXAMPLES,
  async run(options) {
    if (options.to === undefined) throw new UsageError('crunch factorials needs --to B');
    const from = parseInteger(options.from, '--from', 0, MAX_FACTORIAL);
    const to = parseInteger(options.to, '--to', from, Math.min(MAX_FACTORIAL, from + MAX_COUNT - 1));
    const workers = parseWorkers(options.workers);
    const name = parseBackend(options.backend);
    // Loaded here so that `crunch --help` and usage errors never load the pools.
    const [{ openBackend }, { exitOnInterrupt }, { startProgress }, { factorial }] = await Promise.all([
      import('./backends.ts'),
      import('./interrupt.ts'),
      import('./progress.ts'),
      import('./tasks.ts'),
    ]);
    const backend = await openBackend(name, workers);
    exitOnInterrupt('crunch');
    const progress = startProgress('factorials', to - from + 1);
    const summary = options.summary;
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
    print(outcomes, options.json);
  },
});

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
