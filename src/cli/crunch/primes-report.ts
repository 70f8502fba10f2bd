/**
 * What `spindle crunch primes` and `spindle crunch --compare` print: the count and its verdict,
 * then one row per backend with wall time, CPU time, speedup and efficiency against serial.
 */
import { emit } from '../output.ts';
import type { Verdict } from './known-counts.ts';
import type { PrimesRun } from './primes-job.ts';
import { table } from './table.ts';

/** A run with its speedup and efficiency against a serial wall time. */
export interface RatedRun extends PrimesRun {
  speedup?: number;
  efficiency?: number;
}

/**
 * Adds speedup (serial wall / this wall) and efficiency (speedup / workers) to each run.
 *
 * @example
 * ```ts
 * rate(runs, runs.find((r) => r.backend === 'serial')!.wallMs);
 * ```
 */
export function rate(runs: PrimesRun[], serialWallMs: number): RatedRun[] {
  return runs.map((run) => {
    const speedup = serialWallMs / run.wallMs;
    return { ...run, speedup, efficiency: speedup / run.workers };
  });
}

const int = (x: number) => Math.round(x).toLocaleString('en');

/** The first line: `π(N) = COUNT  verified|unverified|WRONG (expected X)`. */
function headline(n: number, count: number, verdict: Verdict): string {
  const what = verdict.status === 'wrong' ? `WRONG (expected ${int(verdict.expected)})` : verdict.status;
  return `π(${int(n)}) = ${int(count)}  ${what}`;
}

/**
 * Prints the report on stdout, as text or as one JSON document. `busy` holds why the machine was
 * too busy for the speedups to mean anything (the runs then come unrated, and a note says so).
 *
 * @example
 * ```ts
 * printPrimes(1e8, [run], verify(1e8, run.count), false);
 * ```
 */
export function printPrimes(
  n: number,
  runs: RatedRun[],
  verdict: Verdict,
  json: boolean,
  busy: readonly string[] = [],
): void {
  const count = runs[0]!.count;
  if (json) {
    const report = { job: 'primes', n, count, ...verdict, runs };
    emit(JSON.stringify(busy.length > 0 ? { ...report, busy } : report, null, 2));
    return;
  }
  emit(headline(n, count, verdict));
  const rated = runs.some((run) => run.speedup !== undefined);
  const header = ['backend', 'workers', 'wall ms', 'cpu ms', 'start-up ms'];
  if (rated) header.push('speedup', 'efficiency');
  const rows = runs.map((run) => {
    const row = [run.backend, String(run.workers), int(run.wallMs), int(run.cpuMs), int(run.startMs)];
    if (rated) row.push(`${run.speedup!.toFixed(2)}×`, `${Math.round(run.efficiency! * 100)}%`);
    return row;
  });
  for (const line of table(header, rows)) emit(line);
  if (busy.length > 0) {
    emit(
      `note: the machine was busy with other work (${busy.join('; ')}), so no speedup is shown: ` +
        'it would measure the other load, not the backends. Run again on an idle machine.',
    );
  }
}
