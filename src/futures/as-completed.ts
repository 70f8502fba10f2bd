import { TimeoutError } from '../errors.ts';
import { Future } from './future.ts';
import { abortReason, checkSignal, checkTimeout, type WaitOptions } from './wait-options.ts';

/** Collects the distinct futures of an iterable, rejecting anything that is not a Future. */
export function uniqueFutures<T>(futures: Iterable<Future<T>>, caller: string): Set<Future<T>> {
  if (futures == null || typeof (futures as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`${caller} expects an iterable of futures`);
  }
  const unique = new Set<Future<T>>();
  for (const f of futures) {
    if (!(f instanceof Future))
      throw new TypeError(`${caller} expects futures, got ${Object.prototype.toString.call(f)}`);
    unique.add(f);
  }
  return unique;
}

/**
 * Yields each future as it completes — those already done first — each one once even if it was
 * passed several times. Python's `as_completed`. With `timeout` (ms, counted from the call), the
 * iterator throws `TimeoutError` when the deadline passes with futures still outstanding; an
 * aborted `signal` ends it with the signal's reason.
 *
 * It yields the Future objects themselves (an async generator would unwrap them, since a Future
 * is a Promise), so `await done` gives the value or throws the task's error. TypeScript types a
 * `for await` variable as the awaited value, so in a `for await` loop write `await done`; to call
 * Future methods, type the iterator explicitly or use `next()`.
 *
 * @example
 * ```ts
 * const futures = urls.map((u) => pool.submit(checkUrl, u));
 * for await (const done of asCompleted(futures, { timeout: 5000 })) console.log(await done);
 * ```
 */
export function asCompleted<T>(
  futures: Iterable<Future<T>>,
  options: WaitOptions = {},
): AsyncIterableIterator<Future<T>> {
  const timeout = checkTimeout(options.timeout);
  const signal = checkSignal(options.signal);
  const deadline = timeout === undefined ? undefined : performance.now() + timeout;
  const unique = uniqueFutures(futures, 'asCompleted');
  const total = unique.size;

  // Each distinct future enters `ready` exactly once: at this scan or from its done-callback.
  const ready: Future<T>[] = [];
  let wake: (() => void) | undefined;
  for (const f of unique) {
    if (f.done()) ready.push(f);
    else {
      f.addDoneCallback((done) => {
        ready.push(done);
        wake?.();
      });
    }
  }
  let next = 0;
  let finished = false;

  const nextReady = async (): Promise<IteratorResult<Future<T>, undefined>> => {
    while (!finished) {
      if (next < ready.length) {
        const f = ready[next++]!;
        unique.delete(f);
        return { value: f, done: false };
      }
      if (unique.size === 0) break;
      if (signal?.aborted) {
        finished = true;
        throw abortReason(signal);
      }
      const remaining = deadline === undefined ? undefined : deadline - performance.now();
      if (remaining !== undefined && remaining <= 0) {
        finished = true;
        throw new TimeoutError(`${unique.size} (of ${total}) futures unfinished after ${timeout} ms`);
      }
      await new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const done = () => {
          wake = undefined;
          if (timer !== undefined) clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        wake = done;
        if (remaining !== undefined) timer = setTimeout(done, remaining);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
    finished = true;
    return { value: undefined, done: true };
  };

  // Overlapping next() calls are served one after another, so none is lost.
  let serial: Promise<unknown> = Promise.resolve();
  return {
    next: () => {
      const step = serial.then(nextReady);
      serial = step.catch(() => undefined);
      return step;
    },
    return: async () => {
      finished = true;
      wake?.(); // a next() that is waiting ends now
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
