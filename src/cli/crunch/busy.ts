/**
 * Whether the machine was busy with other work during a `--compare`: then the serial run did
 * not get a whole CPU, or a parallel run looks more than perfectly efficient, and a speedup
 * computed from those wall times says nothing about spindle.
 */
import type { PrimesRun } from './primes-job.ts';

/** The serial run had less than this share of one CPU: something else ran on its core. */
const SERIAL_SHARE_MIN = 0.85;
/** A parallel run beat `workers ×` serial by more than this: serial was slowed down, not it sped up. */
const EFFICIENCY_MAX = 1.05;

/**
 * The reasons to distrust the speedups of `runs` (empty when there are none).
 *
 * @example
 * ```ts
 * busyReasons(runs); // ['serial ran on 61% of a CPU', 'threads: efficiency 132%']
 * ```
 */
export function busyReasons(runs: readonly PrimesRun[]): string[] {
  const serial = runs.find((run) => run.backend === 'serial');
  if (serial === undefined) return [];
  const reasons: string[] = [];
  const share = serial.cpuMs / serial.wallMs;
  if (share < SERIAL_SHARE_MIN) reasons.push(`serial ran on ${Math.round(share * 100)}% of a CPU`);
  for (const run of runs) {
    if (run === serial) continue;
    const efficiency = serial.wallMs / run.wallMs / run.workers;
    if (efficiency > EFFICIENCY_MAX)
      reasons.push(`${run.backend}: efficiency ${Math.round(efficiency * 100)}%`);
  }
  return reasons;
}
