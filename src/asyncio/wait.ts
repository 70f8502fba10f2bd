import { asCompleted as futuresAsCompleted } from '../futures/as-completed.ts';
import type { Future } from '../futures/future.ts';
import { wait as futuresWait, type ReturnWhen } from '../futures/wait.ts';
import type { WaitOptions } from '../futures/wait-options.ts';
import { createTask, Task, taskFuture } from './task.ts';

export { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, type ReturnWhen } from '../futures/wait.ts';

/** Options of {@link wait}. */
export interface WaitTasksOptions {
  /** Milliseconds; when they pass, `wait` returns what is done so far (it does not throw). */
  timeout?: number;
  /** `ALL_COMPLETED` (default), `FIRST_COMPLETED` or `FIRST_EXCEPTION`. */
  returnWhen?: ReturnWhen;
  /** Aborting rejects the wait with the signal's reason (the tasks are not cancelled). */
  signal?: AbortSignal;
}

/** The two sets {@link wait} returns. */
export interface DoneAndPending<T> {
  done: Set<Task<T>>;
  pending: Set<Task<T>>;
}

function tasksOf<T>(tasks: Iterable<Task<T>>, caller: string): Map<Future<T>, Task<T>> {
  if (tasks == null || typeof (tasks as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`${caller} expects an iterable of tasks`);
  }
  const byFuture = new Map<Future<T>, Task<T>>();
  for (const task of tasks) {
    if (!(task instanceof Task)) {
      throw new TypeError(`${caller} expects Tasks; wrap other awaitables with createTask(() => aw)`);
    }
    byFuture.set(taskFuture(task), task);
  }
  return byFuture;
}

/**
 * Waits until `returnWhen` holds or `timeout` ms pass, then splits the tasks into `done` and
 * `pending`: Python's `asyncio.wait`. A timeout is not an error, and nothing is cancelled.
 *
 * @example
 * ```ts
 * import { createTask, wait, FIRST_COMPLETED } from 'spindle/asyncio';
 * const { done, pending } = await wait([t1, t2], { returnWhen: FIRST_COMPLETED, timeout: 1000 });
 * for (const t of pending) t.cancel();
 * ```
 */
export function wait<T>(
  tasks: Iterable<Task<T>>,
  options: WaitTasksOptions = {},
): Promise<DoneAndPending<T>> {
  const byFuture = tasksOf(tasks, 'wait');
  const toTasks = (fs: Set<Future<T>>) => new Set([...fs].map((f) => byFuture.get(f)!));
  return futuresWait(byFuture.keys(), options).then(({ done, notDone }) => ({
    done: toTasks(done),
    pending: toTasks(notDone),
  }));
}

/**
 * Yields the tasks as they finish — Python 3.13's `async for t in asyncio.as_completed(aws)`.
 * Other awaitables are wrapped in tasks first. With `timeout` (ms from the call) the iteration
 * throws `TimeoutError` while tasks are still pending; `signal` ends it with its reason.
 *
 * @example
 * ```ts
 * import { asCompleted } from 'spindle/asyncio';
 * for await (const task of asCompleted([fetchA(), fetchB()], { timeout: 5000 })) {
 *   console.log(await task);
 * }
 * ```
 */
export function asCompleted<T>(
  awaitables: Iterable<Task<T> | PromiseLike<T>>,
  options: WaitOptions = {},
): AsyncIterableIterator<Task<T>> {
  if (awaitables == null || typeof (awaitables as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError('asCompleted expects an iterable of awaitables');
  }
  const tasks: Task<T>[] = [];
  for (const aw of awaitables) {
    if (aw instanceof Task) tasks.push(aw);
    else if (aw !== null && typeof (aw as PromiseLike<T>)?.then === 'function') {
      tasks.push(createTask(() => aw) as Task<T>);
    } else throw new TypeError('asCompleted expects awaitables');
  }
  const byFuture = tasksOf(tasks, 'asCompleted');
  const inner = futuresAsCompleted(byFuture.keys(), options);
  const outer: AsyncIterableIterator<Task<T>> = {
    next: async () => {
      const step = await inner.next();
      return step.done ? { value: undefined, done: true } : { value: byFuture.get(step.value)!, done: false };
    },
    return: async () => {
      await inner.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => outer,
  };
  return outer;
}
