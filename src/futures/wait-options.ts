import { CancelledError, TimeoutError } from '../errors.ts';

/** Options of every operation that may wait: a deadline in milliseconds and/or an AbortSignal. */
export interface WaitOptions {
  /** Milliseconds to wait before rejecting with `TimeoutError`. Omit (or `Infinity`) to wait forever. */
  timeout?: number;
  /** Aborting it rejects the wait with the signal's reason (a `CancelledError` if none was given). */
  signal?: AbortSignal;
}

/** Throws a TypeError/RangeError unless `timeout` is undefined, Infinity or a finite number >= 0. */
export function checkTimeout(timeout: unknown, what = 'timeout'): number | undefined {
  if (timeout === undefined || timeout === Number.POSITIVE_INFINITY) return undefined;
  if (typeof timeout !== 'number' || Number.isNaN(timeout)) {
    throw new TypeError(`${what} must be a number of milliseconds, got ${typeof timeout}`);
  }
  if (timeout < 0) throw new RangeError(`${what} must be >= 0, got ${timeout}`);
  return timeout;
}

/** Throws a TypeError unless `signal` is undefined or an AbortSignal. */
export function checkSignal(signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal');
  return signal;
}

/** The reason to reject with when `signal` aborted. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason instanceof Error && signal.reason.name !== 'AbortError'
    ? signal.reason
    : new CancelledError('the operation was aborted', { cause: signal.reason });
}

/**
 * Resolves like `promise`, unless `options.timeout` ms pass first (TimeoutError) or
 * `options.signal` aborts (its reason). Timer and listener are removed as soon as it settles.
 */
export function waitWithin<T>(
  promise: Promise<T>,
  options: WaitOptions | undefined,
  what: string,
): Promise<T> {
  const timeout = checkTimeout(options?.timeout);
  const signal = checkSignal(options?.signal);
  if (timeout === undefined && signal === undefined) return promise;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => finish(() => reject(abortReason(signal!)));
    const finish = (settle: () => void) => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    if (timeout !== undefined) {
      timer = setTimeout(
        () => finish(() => reject(new TimeoutError(`${what} within ${timeout} ms`))),
        timeout,
      );
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => finish(() => resolve(value)),
      (error) => finish(() => reject(error)),
    );
  });
}
