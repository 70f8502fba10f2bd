import type { Executor } from '../futures/executor.ts';
import type { Future } from '../futures/future.ts';
import { ThreadPoolExecutor } from '../futures/thread-pool-executor.ts';

let defaultExecutor: ThreadPoolExecutor | undefined;

/**
 * The shared pool behind {@link toThread}, created on first use. Its idle workers are unref'd,
 * so it never keeps the process alive.
 */
function defaultPool(): ThreadPoolExecutor {
  defaultExecutor ??= new ThreadPoolExecutor({ name: 'spindle.asyncio.default' });
  return defaultExecutor;
}

/**
 * Runs `task(...args)` on a worker thread of a shared default {@link ThreadPoolExecutor} and
 * returns its {@link Future} (awaitable): Python's `asyncio.to_thread`. `task` follows the
 * executor's rules — made by `defineTask`, or a self-contained inline function.
 *
 * @example
 * ```ts
 * import { toThread } from 'spindle/asyncio';
 * import { isPrime } from './tasks.ts';
 * console.log(await toThread(isPrime, 97)); // true, computed off the main thread
 * ```
 */
export function toThread<A extends unknown[], R>(task: (...args: A) => R, ...args: A): Future<Awaited<R>> {
  return defaultPool().submit(task, ...args);
}

/**
 * Runs `task(...args)` on `executor`, or on the shared default pool when `executor` is null or
 * undefined: Python's `loop.run_in_executor`.
 *
 * @example
 * ```ts
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const n = await runInExecutor(pool, isPrime, 97);
 * ```
 */
export function runInExecutor<A extends unknown[], R>(
  executor: Executor | null | undefined,
  task: (...args: A) => R,
  ...args: A
): Future<Awaited<R>> {
  if (executor == null) return toThread(task, ...args);
  if (typeof (executor as Executor).submit !== 'function') {
    throw new TypeError('runInExecutor expects an Executor, or null for the default one');
  }
  return executor.submit(task, ...args);
}

/**
 * Shuts the default pool down (Python's `loop.shutdown_default_executor`); the next
 * {@link toThread} creates a new one.
 *
 * @example
 * ```ts
 * await shutdownDefaultExecutor();
 * ```
 */
export async function shutdownDefaultExecutor(): Promise<void> {
  const pool = defaultExecutor;
  defaultExecutor = undefined;
  await pool?.shutdown();
}
