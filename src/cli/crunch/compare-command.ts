/**
 * `spindle crunch --compare`: the same primes job on every backend, one after another, with
 * wall time, CPU time, speedup and efficiency against serial.
 */
import { ExitCode } from '../exit-codes.ts';
import { say } from '../output.ts';
import { busyReasons } from './busy.ts';
import { exitOnInterrupt } from './interrupt.ts';
import { verify } from './known-counts.ts';
import { BACKENDS, MAX_N, parseInteger, parseWorkers } from './parse.ts';
import { type PrimesRun, primesOn } from './primes-job.ts';
import { printPrimes, rate } from './primes-report.ts';

/** The options `spindle crunch` takes for `--compare`. */
export interface CompareOptions {
  compare?: boolean;
  to?: string;
  workers?: string;
  json?: boolean;
}

/**
 * N when `--to` is not given: about 6 s of serial work on a current core (1e9 is 0.6 s), so that
 * a few hundred ms of scheduling noise do not decide the speedups.
 */
const DEFAULT_N = '1e10';

/**
 * Runs the comparison and prints it; exit 1 when a backend's count differs or is wrong.
 *
 * @example
 * ```ts
 * await compare({ compare: true, to: '2e8' });
 * ```
 */
export async function compare(options: CompareOptions): Promise<void> {
  const n = parseInteger(options.to ?? DEFAULT_N, '--to', 1, MAX_N);
  const workers = parseWorkers(options.workers);
  exitOnInterrupt('crunch');
  const runs: PrimesRun[] = [];
  for (const backend of BACKENDS) runs.push(await primesOn(backend, workers, n));
  const serial = runs.find((run) => run.backend === 'serial')!;
  const verdict = verify(n, serial.count);
  const busy = busyReasons(runs);
  printPrimes(n, busy.length > 0 ? runs : rate(runs, serial.wallMs), verdict, options.json === true, busy);
  const disagree = runs.filter((run) => run.count !== serial.count);
  for (const run of disagree)
    say(`spindle crunch: ${run.backend} counted ${run.count}, serial ${serial.count}`);
  if (verdict.status === 'wrong') say(`spindle crunch: wrong answer, π(${n}) is ${verdict.expected}`);
  if (disagree.length > 0 || verdict.status === 'wrong') process.exitCode = ExitCode.SOME_FAILED;
}
