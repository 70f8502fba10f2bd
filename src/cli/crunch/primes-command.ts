/** `spindle crunch primes --to N`: π(N) on one backend, timed and checked. */
import { Command } from 'commander';
import { ExitCode, UsageError } from '../exit-codes.ts';
import { say } from '../output.ts';
import { BACKENDS, parseBackend } from './backends.ts';
import { exitOnInterrupt } from './interrupt.ts';
import { verify } from './known-counts.ts';
import { MAX_N, parseInteger, parseWorkers } from './parse.ts';
import { primesOn } from './primes-job.ts';
import { printPrimes } from './primes-report.ts';

const EXAMPLES = `
Examples:
  $ spindle crunch primes --to 1e9                    # all CPUs, threads
  $ spindle crunch primes --to 10^8 --workers 2 --json
  $ spindle crunch primes --to 1_000_000 --backend serial
  $ spindle crunch primes --to 1e10 --backend redis://10.0.0.5:6379   # on spindle workers`;

interface PrimesOptions {
  to?: string;
  workers?: string;
  backend: string;
  json?: boolean;
}

/** The `primes` subcommand of `spindle crunch`. */
export function primesCommand(): Command {
  return new Command('primes')
    .description('count the primes up to N with a segmented sieve, in parallel, and check the answer')
    .option('--to <N>', 'count the primes ≤ N (1e9, 10^9 and 1_000_000_000 all work)')
    .option('--workers <N>', 'workers (default: the CPUs available)')
    .option('--backend <name>', `where to run: ${BACKENDS.join(', ')}, or redis://HOST:PORT`, 'threads')
    .option('--json', 'print one JSON document on stdout')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .action(async (_: unknown, command: Command) => {
      // optsWithGlobals: `crunch` has --to/--workers/--json too (for --compare) and may have taken them.
      const options = command.optsWithGlobals<PrimesOptions>();
      if (options.to === undefined) throw new UsageError('crunch primes needs --to N');
      const n = parseInteger(options.to, '--to', 1, MAX_N);
      const backend = parseBackend(options.backend);
      const workers = parseWorkers(options.workers);
      exitOnInterrupt('crunch');
      const run = await primesOn(backend, workers, n);
      const verdict = verify(n, run.count);
      printPrimes(n, [run], verdict, options.json === true);
      if (verdict.status === 'wrong') {
        say(`spindle crunch: wrong answer, π(${n}) is ${verdict.expected}, got ${run.count}`);
        process.exitCode = ExitCode.SOME_FAILED;
      }
    });
}
