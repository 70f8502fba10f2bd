import type { ThreadPoolExecutor } from '../../src/index.ts';
import { meet } from '../fixtures/tasks.ts';

/**
 * Runs `n` calls on `pool` that each block their worker until all `n` have arrived, and returns
 * the thread ids that ran them. It resolves only once `n` workers are up and ran at the same
 * time — a certain state to assert from, however slow the machine; it rejects after `ms` if they
 * never all met.
 */
export function onDistinctWorkers(pool: ThreadPoolExecutor, n: number, ms = 60_000): Promise<number[]> {
  const arrived = new Int32Array(new SharedArrayBuffer(4));
  return Promise.all(Array.from({ length: n }, () => pool.submit(meet, arrived, n, ms)));
}
