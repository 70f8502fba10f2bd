import { abortReason } from '../futures/wait-options.ts';
import { checkWait } from './waiters.ts';

/** Options of {@link sleep}. */
export interface SleepOptions<T> {
  /** Aborting ends the sleep early, rejecting with the signal's reason. */
  signal?: AbortSignal;
  /** What the sleep resolves with (Python's `result`). */
  value?: T;
}

/**
 * Resolves after `ms` milliseconds: Python's `asyncio.sleep`. An aborted `signal` rejects at
 * once with its reason and clears the timer.
 *
 * @example
 * ```ts
 * import { sleep } from 'spindle/asyncio';
 * await sleep(1000);
 * await sleep(5000, { signal: task.signal }); // ends early when the task is cancelled
 * ```
 */
export function sleep<T = void>(ms: number, options: SleepOptions<T> = {}): Promise<T> {
  const { timeout, signal } = checkWait({ timeout: ms, signal: options?.signal });
  if (timeout === undefined) throw new RangeError('sleep needs a finite number of milliseconds');
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(options.value as T);
    }, timeout);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
