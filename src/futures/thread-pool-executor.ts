import type { ResourceLimits } from 'node:worker_threads';
import { threadRuntime } from '../runtime/thread-runtime.ts';
import { PoolExecutor, type PoolExecutorOptions, poolSettings } from './pool-executor.ts';

/** Options of {@link ThreadPoolExecutor}. */
export interface ThreadPoolExecutorOptions extends PoolExecutorOptions {
  /** V8 heap limits per worker; a worker that exceeds them fails its task with WorkerCrashedError. */
  resourceLimits?: ResourceLimits;
  /**
   * Calls each worker holds in flight: the one it runs plus those prefetched behind it (default 128).
   * More means fewer round trips for tiny tasks; an idle worker steals prefetched calls that have
   * not started, so long tasks do not hold others up. `1` sends a call only to an idle worker.
   */
  prefetch?: number;
}

/**
 * Python's `concurrent.futures.ThreadPoolExecutor` on real worker threads: tasks run in
 * parallel, one at a time per worker; results come back as {@link Future}s.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from 'spindle';
 * import { isPrime } from './tasks.ts';
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
 * console.log(await pool.submit(isPrime, 97)); // true
 * console.log(await pool.map(isPrime, [1, 2, 3]).toArray()); // [false, true, true]
 * ```
 */
export class ThreadPoolExecutor extends PoolExecutor {
  constructor(options: ThreadPoolExecutorOptions = {}) {
    const prefetch = options?.prefetch ?? 128;
    if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 1024) {
      throw new RangeError(`prefetch must be an integer from 1 to 1024, got ${String(options.prefetch)}`);
    }
    const settings = poolSettings(options, {
      defaultName: 'ThreadPoolExecutor',
      runtime: threadRuntime,
      boundary: 'thread',
      prefetch,
      maxTasksPerWorker: Number.POSITIVE_INFINITY,
      resourceLimits: options?.resourceLimits,
    });
    super(settings, 'thread');
  }
}
