import { createTask, type Task } from './task.ts';

/**
 * Protects an awaitable from cancellation: Python's `asyncio.shield`. Returns a new
 * {@link Task} that settles like `aw`; cancelling that task (by `waitFor`, a `TaskGroup`, or
 * `cancel()`) rejects it with `CancelledError` but leaves `aw` running.
 *
 * @example
 * ```ts
 * import { shield, waitFor } from 'spindle/asyncio';
 * const save = createTask(() => saveToDisk());
 * await waitFor(shield(save), 100).catch(() => {}); // the wait gives up; the save goes on
 * await save;
 * ```
 */
export function shield<T>(aw: PromiseLike<T>): Task<Awaited<T>> {
  if (aw === null || typeof aw?.then !== 'function') throw new TypeError('shield expects an awaitable');
  return createTask(
    (signal) =>
      new Promise<Awaited<T>>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        Promise.resolve(aw).then(
          (value) => {
            signal.removeEventListener('abort', onAbort);
            resolve(value as Awaited<T>);
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
        );
      }),
    { name: 'shield' },
  );
}
