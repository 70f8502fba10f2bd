/** `spindle crunch primes --to N`: π(N) on one backend, timed and checked. */
import { defineCommand } from '../args/spec.ts';
import { ExitCode, UsageError } from '../exit-codes.ts';
import { say } from '../output.ts';
import { BACKENDS, MAX_N, parseBackend, parseInteger, parseWorkers } from './parse.ts';

const EXAMPLES = `
Examples:
  $ spindle crunch primes --to 1e9                    # all CPUs, threads
  $ spindle crunch primes --to 10^8 --workers 2 --json
  $ spindle crunch primes --to 1_000_000 --backend serial
  $ spindle crunch primes --to 1e10 --backend redis://10.0.0.5:6379   # on spindle workers`;

/** The `primes` subcommand of `spindle crunch`. */
export const primesCommand = defineCommand({
  name: 'primes',
  description: 'count the primes up to N with a segmented sieve, in parallel, and check the answer',
  options: {
    to: { value: '<N>', description: 'count the primes ≤ N (1e9, 10^9 and 1_000_000_000 all work)' },
    workers: { value: '<N>', description: 'workers (default: the CPUs available)' },
    backend: {
      value: '<name>',
      description: `where to run: ${BACKENDS.join(', ')}, or redis://HOST:PORT`,
      default: 'threads',
    },
    json: { description: 'print one JSON document on stdout' },
  },
  epilog: EXAMPLES,
  async run(options) {
    if (options.to === undefined) throw new UsageError('crunch primes needs --to N');
    const n = parseInteger(options.to, '--to', 1, MAX_N);
    const backend = parseBackend(options.backend);
    const workers = parseWorkers(options.workers);
    // Loaded here so that `crunch --help` and usage errors never load the pools.
    const [{ exitOnInterrupt }, { verify }, { primesOn }, { printPrimes }] = await Promise.all([
      import('./interrupt.ts'),
      import('./known-counts.ts'),
      import('./primes-job.ts'),
      import('./primes-report.ts'),
    ]);
    exitOnInterrupt('crunch');
    const run = await primesOn(backend, workers, n);
    const verdict = verify(n, run.count);
    printPrimes(n, [run], verdict, options.json);
    if (verdict.status === 'wrong') {
      say(`spindle crunch: wrong answer, π(${n}) is ${verdict.expected}, got ${run.count}`);
      process.exitCode = ExitCode.SOME_FAILED;
    }
  },
});
