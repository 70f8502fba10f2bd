import { uniqueFutures } from './as-completed.ts';
import type { Future } from './future.ts';
import { abortReason, checkSignal, checkTimeout } from './wait-options.ts';

/** Return as soon as any future finishes or is cancelled. */
export const FIRST_COMPLETED = 'FIRST_COMPLETED';
/** Return when any future finishes by raising, or when all are done. */
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
/** Return when every future is done. */
export const ALL_COMPLETED = 'ALL_COMPLETED';

/** When {@link wait} returns. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/** Options of {@link wait}. */
export interface WaitForFuturesOptions {
  /** Milliseconds; when they pass, `wait` returns what is done so far (it does not throw). */
  timeout?: number;
  returnWhen?: ReturnWhen;
  /** Aborting rejects the wait with the signal's reason. */
  signal?: AbortSignal;
}

/** The two sets {@link wait} returns. */
export interface DoneAndNotDone<T> {
  done: Set<Future<T>>;
  notDone: Set<Future<T>>;
}

const returnWhenValues: readonly string[] = [FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED];

/**
 * Waits until the `returnWhen` condition holds or `timeout` ms pass, then returns the futures
 * split into `done` and `notDone`. Python's `concurrent.futures.wait`: a timeout is not an error.
 *
 * @example
 * ```ts
 * const { done, notDone } = await wait(futures, { returnWhen: FIRST_COMPLETED, timeout: 1000 });
 * ```
 */
export function wait<T>(
  futures: Iterable<Future<T>>,
  options: WaitForFuturesOptions = {},
): Promise<DoneAndNotDone<T>> {
  const timeout = checkTimeout(options.timeout);
  const signal = checkSignal(options.signal);
  const returnWhen = options.returnWhen ?? ALL_COMPLETED;
  if (!returnWhenValues.includes(returnWhen)) {
    throw new RangeError(
      `returnWhen must be one of ${returnWhenValues.join(', ')}, got ${String(returnWhen)}`,
    );
  }
  const all = uniqueFutures(futures, 'wait');
  const split = (): DoneAndNotDone<T> => {
    const done = new Set<Future<T>>();
    const notDone = new Set<Future<T>>();
    for (const f of all) (f.done() ? done : notDone).add(f);
    return { done, notDone };
  };
  // O(1) per completion: count done futures and test only the one that just finished.
  let doneCount = 0;
  let triggered = false;
  const note = (f: Future<T>) => {
    doneCount++;
    if (returnWhen === FIRST_COMPLETED || (returnWhen === FIRST_EXCEPTION && f.failed())) triggered = true;
  };
  const satisfied = () => triggered || doneCount === all.size;
  for (const f of all) if (f.done()) note(f);
  if (satisfied()) return Promise.resolve(split());
  if (signal?.aborted) return Promise.reject(abortReason(signal));

  return new Promise((resolve, reject) => {
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (settle: () => void) => {
      if (finished) return;
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = () => finish(() => reject(abortReason(signal!)));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeout !== undefined) timer = setTimeout(() => finish(() => resolve(split())), timeout);
    for (const f of all) {
      if (f.done()) continue;
      f.addDoneCallback(() => {
        if (finished) return;
        note(f);
        if (satisfied()) finish(() => resolve(split()));
      });
    }
  });
}
