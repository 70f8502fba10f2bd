import { availableParallelism } from 'node:os';
import { SpindleError } from '../errors.ts';
import type { Executor } from '../futures/executor.ts';
import { ThreadPoolExecutor } from '../futures/thread-pool-executor.ts';

/** Where a spindle worker runs its tasks. */
export type Backend = 'threads' | 'processes';

/** The default number of tasks a worker runs at once: one per CPU. */
export function defaultConcurrency(): number {
  return availableParallelism();
}

/**
 * The local pool behind a spindle worker. The one place that knows which backends exist.
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
    throw new SpindleError(
      'ERR_BACKEND_UNAVAILABLE',
      'the processes backend needs ProcessPoolExecutor, which is not available in this build yet; use --backend threads',
    );
  }
  throw new TypeError(`backend must be "threads" or "processes", got ${String(backend)}`);
}
