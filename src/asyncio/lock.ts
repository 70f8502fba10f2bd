import { SpindleError } from '../errors.ts';
import { abortReason, type WaitOptions } from '../futures/wait-options.ts';
import { checkWait, WaiterList } from './waiters.ts';

/**
 * A mutual-exclusion lock for async code on one thread: Python's `asyncio.Lock`. Waiters are
 * served first come, first served, and `release()` hands the lock directly to the next waiter, so a
 * waiter that aborts or times out can never leave the lock held by nobody (or by two). A woken
 * waiter whose signal aborts before it resumes rejects with the reason and hands the lock on, as
 * Python's cancelled waiter does.
 *
 * @example
 * ```ts
 * import { Lock } from 'spindle/asyncio';
 * const lock = new Lock();
 * {
 *   using _ = await lock.hold(); // `async with lock:`
 *   await updateSharedState();
 * } // released here, even on throw
 * ```
 */
export class Lock {
  #locked = false;
  readonly #waiters = new WaiterList<true>();

  /** True while someone holds the lock. */
  locked(): boolean {
    return this.#locked;
  }

  /**
   * Waits for the lock and takes it; resolves `true`. Rejects with `TimeoutError` after `timeout`
   * ms or with the signal's reason on abort — and then the caller does not hold the lock.
   *
   * @example
   * ```ts
   * await lock.acquire({ timeout: 1000 });
   * try { … } finally { lock.release(); }
   * ```
   */
  acquire(options?: WaitOptions): Promise<true> {
    const wait = checkWait(options);
    if (wait.signal?.aborted || this.#locked) {
      const granted = this.#waiters.park(wait, undefined, 'the lock was not acquired');
      const signal = wait.signal;
      if (signal === undefined) return granted;
      return granted.then((value) => {
        if (!signal.aborted) return value;
        this.release(); // cancelled between the hand-over and resuming: pass the lock on
        throw abortReason(signal);
      });
    }
    this.#locked = true;
    return Promise.resolve(true);
  }

  /**
   * Takes the lock without waiting; true when it did.
   *
   * @example
   * ```ts
   * if (lock.tryAcquire()) try { … } finally { lock.release(); }
   * ```
   */
  tryAcquire(): boolean {
    if (this.#locked) return false;
    this.#locked = true;
    return true;
  }

  /**
   * Waits for the lock and returns a guard whose disposal releases it: the `async with lock:` form.
   *
   * @example
   * ```ts
   * using _ = await lock.hold({ signal });
   * ```
   */
  hold(options?: WaitOptions): Promise<Disposable> {
    return this.acquire(options).then(() => releaseOnce(() => this.release()));
  }

  /**
   * Releases the lock, handing it to the longest waiter if any. Throws a `SpindleError` with code
   * `ERR_LOCK_NOT_ACQUIRED` when the lock is not held (Python's RuntimeError).
   *
   * @example
   * ```ts
   * lock.release();
   * ```
   */
  release(): void {
    if (!this.#locked) throw new SpindleError('ERR_LOCK_NOT_ACQUIRED', 'release of an unlocked lock');
    if (!this.#waiters.wakeFirst(() => true)) this.#locked = false;
  }
}

/** A guard whose disposal runs `release` the first time only. */
export function releaseOnce(release: () => void): Disposable {
  let held = true;
  return {
    [Symbol.dispose]() {
      if (held) {
        held = false;
        release();
      }
    },
  };
}
