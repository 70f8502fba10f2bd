/**
 * The one place where waiting is made cancellation-safe. Every asyncio primitive parks its
 * waiters here, in FIFO order. A waiter leaves the list in exactly one synchronous step: either
 * it is woken (removed, then resolved) or it aborts / times out (removed, then rejected). Since
 * the two never interleave, a permit or item handed to a waiter is never lost, and one that
 * gave up never receives one — the bug class of async-mutex #54 and async-sema #31.
 * @module
 */
import { TimeoutError } from '../errors.ts';
import { abortReason, checkSignal, checkTimeout, type WaitOptions } from '../futures/wait-options.ts';

interface Waiter<T, P> {
  payload: P;
  prev: Waiter<T, P> | undefined;
  next: Waiter<T, P> | undefined;
  /** False once the waiter left the list (woken, aborted or timed out). */
  linked: boolean;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** Validated wait options: what every public waiting method checks synchronously at the call. */
export interface CheckedWait {
  timeout: number | undefined;
  signal: AbortSignal | undefined;
}

/** Validates `{ signal, timeout }` at the call (TypeError / RangeError). */
export function checkWait(options: WaitOptions | undefined): CheckedWait {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('options must be an object');
  }
  return { timeout: checkTimeout(options?.timeout), signal: checkSignal(options?.signal) };
}

/**
 * A FIFO list of parked waiters, each carrying a payload `P` (e.g. the item a blocked `put`
 * wants to insert) and resolving with a `T` when woken. Removal is O(1).
 */
export class WaiterList<T, P = undefined> {
  #head: Waiter<T, P> | undefined;
  #tail: Waiter<T, P> | undefined;
  #size = 0;

  /** How many waiters are parked. */
  get size(): number {
    return this.#size;
  }

  /**
   * Parks a waiter at the tail. It rejects with `TimeoutError` after `timeout` ms or with the
   * signal's reason when it aborts, leaving the list in that same step.
   */
  park(options: CheckedWait, payload: P, what: string): Promise<T> {
    const { timeout, signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (timeout === 0) return Promise.reject(new TimeoutError(`${what} within 0 ms`));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T, P> = {
        payload,
        prev: this.#tail,
        next: undefined,
        linked: true,
        resolve,
        reject,
        timer: undefined,
        signal,
        onAbort: undefined,
      };
      if (this.#tail) this.#tail.next = waiter;
      else this.#head = waiter;
      this.#tail = waiter;
      this.#size++;
      if (timeout !== undefined) {
        waiter.timer = setTimeout(() => {
          if (waiter.linked) this.#settle(waiter).reject(new TimeoutError(`${what} within ${timeout} ms`));
        }, timeout);
      }
      if (signal) {
        waiter.onAbort = () => {
          if (waiter.linked) this.#settle(waiter).reject(abortReason(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
    });
  }

  /** The payload of the first waiter, without removing it. */
  peek(): P | undefined {
    return this.#head?.payload;
  }

  /**
   * Removes the first waiter and resolves it with `grant(payload)`. Returns false when the
   * list is empty. `grant` runs after the waiter left the list, in the same synchronous step;
   * if it throws, the waiter rejects with that error instead (it is never left pending).
   */
  wakeFirst(grant: (payload: P) => T): boolean {
    const waiter = this.#head;
    if (waiter === undefined) return false;
    this.#settle(waiter);
    let value: T;
    try {
      value = grant(waiter.payload);
    } catch (error) {
      waiter.reject(error);
      return true;
    }
    waiter.resolve(value);
    return true;
  }

  /** Removes every waiter and resolves each with `grant(payload)`, front first. */
  wakeAll(grant: (payload: P) => T): void {
    while (this.wakeFirst(grant));
  }

  /** Removes every waiter and rejects each with `error()`. */
  rejectAll(error: () => unknown): void {
    for (let w = this.#head; w !== undefined; w = this.#head) this.#settle(w).reject(error());
  }

  /** Unlinks a waiter and drops its timer and listener. */
  #settle(waiter: Waiter<T, P>): Waiter<T, P> {
    waiter.linked = false;
    if (waiter.prev) waiter.prev.next = waiter.next;
    else this.#head = waiter.next;
    if (waiter.next) waiter.next.prev = waiter.prev;
    else this.#tail = waiter.prev;
    waiter.prev = undefined;
    waiter.next = undefined;
    this.#size--;
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    if (waiter.onAbort) waiter.signal!.removeEventListener('abort', waiter.onAbort);
    return waiter;
  }
}
