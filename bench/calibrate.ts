/** Finds how many iterations of kernels.spin take about `targetMs` on this thread. */
import { median, now } from './stats.ts';
import { spin } from './workers/kernels.mjs';

function timeSpin(iters: number, samples: number): number {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = now();
    spin(iters);
    times.push(now() - start);
  }
  return median(times);
}

export function calibrateSpin(targetMs: number): { spinIters: number; spinMs: number } {
  let iters = 1_000_000;
  timeSpin(iters, 5); // warm-up: let the JIT optimise the loop first
  for (let round = 0; round < 3; round++) {
    iters = Math.max(1, Math.round((iters * targetMs) / timeSpin(iters, 5)));
  }
  return { spinIters: iters, spinMs: timeSpin(iters, 7) };
}
