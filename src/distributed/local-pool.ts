import { availableParallelism } from 'node:os';
import type { Executor } from '../futures/executor.ts';
import { ProcessPoolExecutor } from '../futures/process-pool-executor.ts';
import { ThreadPoolExecutor } from '../futures/thread-pool-executor.ts';

/** Where a spindle worker runs its tasks. */
export type Backend = 'threads' | 'processes';

/** The default number of tasks a worker runs at once: one per CPU. */
export function defaultConcurrency(): number {
  return availableParallelism();
}

/**
 * The local pool behind a spindle worker. The one place that knows which backends exist:
 * `threads` (a ThreadPoolExecutor: cheapest hop) or `processes` (a ProcessPoolExecutor: each
 * task in its own OS process and heap, for tasks that crash, leak or need a separate heap).
 * Either way the task runs off the worker's main thread, so BullMQ keeps renewing job locks.
 *
 * @example
 * ```ts
 * const pool = createLocalPool('threads', { maxWorkers: 4, cancelGrace: 1000 });
 * ```
 */
export function createLocalPool(
  backend: Backend,
  options: { maxWorkers: number; cancelGrace: number },
): Executor {
  if (backend === 'threads') {
    return new ThreadPoolExecutor({ ...options, name: 'spindle-worker' });
  }
  if (backend === 'processes') {
    return new ProcessPoolExecutor({ ...options, name: 'spindle-worker' });
  }
  throw new TypeError(`backend must be "threads" or "processes", got ${String(backend)}`);
}
