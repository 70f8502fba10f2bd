import { SpindleError } from '../errors.ts';
import type { WaitOptions } from '../futures/wait-options.ts';
import { releaseOnce } from './lock.ts';
import { checkWait, WaiterList } from './waiters.ts';

/**
 * A counter of permits for async code on one thread: Python's `asyncio.Semaphore`. `acquire`
 * takes a permit, waiting in FIFO order while none is free; `release` hands a permit straight
 * to the longest waiter, so an abort or timeout can never lose or duplicate one.
 *
 * @example
 * ```ts
 * import { Semaphore } from 'spindle/asyncio';
 * const sem = new Semaphore(3); // at most 3 downloads at once
 * await Promise.all(urls.map(async (url) => {
 *   using _ = await sem.hold();
 *   return fetch(url);
 * }));
 * ```
 */
export class Semaphore {
  #value: number;
  readonly #waiters = new WaiterList<true>();

  /** @param value the initial number of permits (an integer >= 0, default 1). */
  constructor(value = 1) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`the semaphore's initial value must be an integer >= 0, got ${String(value)}`);
    }
    this.#value = value;
  }

  /** The permits free right now. */
  get value(): number {
    return this.#value;
  }

  /** True when `acquire()` would have to wait. */
  locked(): boolean {
    return this.#value === 0;
  }

  /**
   * Takes a permit, waiting for one if needed; resolves `true`. Rejects with `TimeoutError` or the
   * signal's reason, and then no permit was taken.
   *
   * @example
   * ```ts
   * await sem.acquire({ timeout: 500 });
   * try { … } finally { sem.release(); }
   * ```
   */
  acquire(options?: WaitOptions): Promise<true> {
    const wait = checkWait(options);
    if (wait.signal?.aborted || this.#value === 0) {
      return this.#waiters.park(wait, undefined, 'no semaphore permit was acquired');
    }
    this.#value--;
    return Promise.resolve(true);
  }

  /**
   * Takes a permit without waiting; true when it did.
   *
   * @example
   * ```ts
   * if (sem.tryAcquire()) try { … } finally { sem.release(); }
   * ```
   */
  tryAcquire(): boolean {
    if (this.#value === 0) return false;
    this.#value--;
    return true;
  }

  /**
   * Takes a permit and returns a guard whose disposal gives it back.
   *
   * @example
   * ```ts
   * using _ = await sem.hold({ signal });
   * ```
   */
  hold(options?: WaitOptions): Promise<Disposable> {
    return this.acquire(options).then(() => releaseOnce(() => this.release()));
  }

  /**
   * Gives a permit back: to the longest waiter if there is one, else to the pool.
   *
   * @example
   * ```ts
   * sem.release();
   * ```
   */
  release(): void {
    if (!this.#waiters.wakeFirst(() => true)) this.#value++;
  }
}

/**
 * A {@link Semaphore} that refuses to grow past its initial value: a `release()` without a
 * matching acquire throws a `SpindleError` with code `ERR_SEMAPHORE_OVERRELEASED` (Python's ValueError).
 *
 * @example
 * ```ts
 * const sem = new BoundedSemaphore(2);
 * sem.release(); // throws: released too many times
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  readonly #bound: number;

  constructor(value = 1) {
    super(value);
    this.#bound = value;
  }

  override release(): void {
    if (this.value >= this.#bound) {
      throw new SpindleError('ERR_SEMAPHORE_OVERRELEASED', 'BoundedSemaphore released too many times');
    }
    super.release();
  }
}
