import { SpindleError } from '../errors.ts';
import type { WaitOptions } from '../futures/wait-options.ts';
import { Lock } from './lock.ts';
import { type CheckedWait, checkWait, WaiterList } from './waiters.ts';

/**
 * A condition variable for async code: Python's `asyncio.Condition`. `wait()` releases the
 * underlying lock, waits for a `notify`, and takes the lock back before returning — also when
 * it times out or aborts, so the caller always holds the lock afterwards. A notification given
 * to a waiter is never lost: a waiter that gives up leaves the queue in the same step.
 *
 * @example
 * ```ts
 * import { Condition } from 'spindle/asyncio';
 * const cond = new Condition();
 * const items: number[] = [];
 * // consumer
 * { using _ = await cond.hold(); await cond.waitFor(() => items.length > 0); items.shift(); }
 * // producer
 * { using _ = await cond.hold(); items.push(1); cond.notify(); }
 * ```
 */
export class Condition {
  readonly #lock: Lock;
  readonly #waiters = new WaiterList<true>();

  /** @param lock the lock to use (a new one by default). */
  constructor(lock: Lock = new Lock()) {
    if (!(lock instanceof Lock)) throw new TypeError('Condition expects a Lock');
    this.#lock = lock;
  }

  /** True while the underlying lock is held. */
  locked(): boolean {
    return this.#lock.locked();
  }

  /** Acquires the underlying lock; see {@link Lock.acquire}. @example `await cond.acquire();` */
  acquire(options?: WaitOptions): Promise<true> {
    return this.#lock.acquire(options);
  }

  /** Releases the underlying lock. @example `cond.release();` */
  release(): void {
    this.#lock.release();
  }

  /** Acquires the underlying lock as a disposable guard. @example `using _ = await cond.hold();` */
  hold(options?: WaitOptions): Promise<Disposable> {
    return this.#lock.hold(options);
  }

  /**
   * Releases the lock, waits to be notified, then re-acquires the lock. Resolves `true`; rejects
   * with `TimeoutError` or the signal's reason (after re-acquiring the lock). The caller must
   * hold the lock (`ERR_LOCK_NOT_ACQUIRED` otherwise).
   *
   * @example
   * ```ts
   * using _ = await cond.hold();
   * await cond.wait({ timeout: 1000 });
   * ```
   */
  wait(options?: WaitOptions): Promise<true> {
    const wait = checkWait(options);
    this.#assertLocked('wait');
    return this.#wait(wait);
  }

  async #wait(wait: CheckedWait): Promise<true> {
    const notified = this.#waiters.park(wait, undefined, 'the condition was not notified');
    this.#lock.release();
    try {
      return await notified;
    } finally {
      await this.#lock.acquire();
    }
  }

  /**
   * Waits until `predicate()` is truthy and returns its value; `timeout` bounds the whole wait.
   *
   * @example
   * ```ts
   * using _ = await cond.hold();
   * await cond.waitFor(() => queue.length > 0, { timeout: 5000 });
   * ```
   */
  waitFor<R>(predicate: () => R, options?: WaitOptions): Promise<R> {
    if (typeof predicate !== 'function') throw new TypeError('waitFor expects a predicate function');
    const wait = checkWait(options);
    this.#assertLocked('waitFor');
    return this.#waitFor(predicate, wait);
  }

  async #waitFor<R>(predicate: () => R, { timeout, signal }: CheckedWait): Promise<R> {
    const deadline = timeout === undefined ? undefined : performance.now() + timeout;
    for (let result = predicate(); ; result = predicate()) {
      if (result) return result;
      const left = deadline === undefined ? undefined : Math.max(0, deadline - performance.now());
      await this.#wait({ timeout: left, signal });
    }
  }

  /**
   * Wakes up to `n` waiters (default 1). The caller must hold the lock.
   *
   * @example
   * ```ts
   * cond.notify();
   * ```
   */
  notify(n = 1): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be an integer >= 0, got ${String(n)}`);
    this.#assertLocked('notify');
    for (let i = 0; i < n && this.#waiters.wakeFirst(() => true); i++);
  }

  /**
   * Wakes every waiter. The caller must hold the lock.
   *
   * @example
   * ```ts
   * cond.notifyAll();
   * ```
   */
  notifyAll(): void {
    this.#assertLocked('notifyAll');
    this.#waiters.wakeAll(() => true);
  }

  #assertLocked(what: string): void {
    if (!this.#lock.locked()) {
      throw new SpindleError('ERR_LOCK_NOT_ACQUIRED', `cannot ${what} on an un-acquired lock`);
    }
  }
}
