import { CancelledError, TimeoutError } from '../errors.ts';
import { abortReason, checkTimeout, waitWithin } from '../futures/wait-options.ts';
import { createTask, Task, type TaskFunction } from './task.ts';
import { checkWait } from './waiters.ts';

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Aborting cancels the task too and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Waits for a task with a time limit: Python's `asyncio.wait_for`. When `ms` pass first, the
 * task is cancelled, its end awaited, and `TimeoutError` thrown (a task that ignores the
 * cancellation and returns a value still gives that value, as in Python). `aw` may be a
 * {@link Task}, a function `(signal) => …` (run as a new task), or any other awaitable, which
 * cannot be cancelled: for it, `TimeoutError` comes at the deadline. `ms` undefined: no limit.
 * `ms <= 0`, as in Python: a task not yet done is cancelled at once (a function never starts)
 * and `TimeoutError` is thrown, unless it gives a value despite the cancellation; an awaitable
 * gives its value only if it has already settled.
 *
 * @example
 * ```ts
 * import { waitFor, sleep } from 'spindle/asyncio';
 * await waitFor((signal) => sleep(10_000, { signal }), 100); // TimeoutError after 100 ms
 * ```
 */
export function waitFor<T>(
  aw: Task<T> | TaskFunction<T> | PromiseLike<T>,
  ms: number | undefined,
  options: WaitForOptions = {},
): Promise<Awaited<T>> {
  const limit = typeof ms === 'number' && ms <= 0 ? 0 : checkTimeout(ms, 'ms');
  const { signal } = checkWait(options);
  if (aw instanceof Task || typeof aw === 'function') {
    const task = (aw instanceof Task ? aw : createTask(aw)) as Task<Awaited<T>>;
    return cancelOnExpiry(task, limit, signal);
  }
  if (aw === null || typeof (aw as PromiseLike<T>)?.then !== 'function') {
    throw new TypeError('waitFor expects a Task, a function or an awaitable');
  }
  return waitWithin(Promise.resolve(aw), { timeout: limit, signal }, 'the awaitable did not settle');
}

async function cancelOnExpiry<T>(task: Task<T>, limit: number | undefined, signal?: AbortSignal): Promise<T> {
  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => task.cancel(abortReason(signal!));
  const expire = () => {
    expired = true;
    task.cancel(new CancelledError(`waitFor cancelled ${task.name} after ${limit} ms`));
  };
  if (limit === 0 && !task.done()) expire();
  else if (limit !== undefined && !task.done()) timer = setTimeout(expire, limit);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await task;
  } catch (error) {
    if (signal?.aborted && error instanceof CancelledError) throw abortReason(signal);
    if (expired && error instanceof CancelledError) {
      throw new TimeoutError(`${task.name} did not finish within ${limit} ms`, { cause: error });
    }
    throw error;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
