import { NotHeldError, SpindleError, TimeoutError } from '../errors.ts';
import { selfIdent } from '../runtime/thread-table.ts';
import { type AcquireOptions, checkAcquireOptions } from './acquire-options.ts';
import { assertMayBlock, blockAsync, blockSync } from './block.ts';
import {
  asSleeper,
  asSleeperAsync,
  give,
  markConsistent,
  OWNER,
  OWNER_DEAD,
  OWNER_WORDS,
  takePlan,
} from './owner-word.ts';
import { registerPrimitive, SharedPrimitive, sharedWords } from './shared-primitive.ts';

/** What `hold()` returns: releases the lock when disposed (`using`). */
export interface LockGuard extends Disposable {
  release(): void;
}

/**
 * A mutual-exclusion lock in shared memory, usable from the main thread and every worker and
 * passed to tasks and threads as an ordinary argument. Python's `threading.Lock`: any thread may
 * release it; it is not reentrant. Robust: if the holding thread dies, waiters get
 * `LockOwnerDeadError` instead of waiting forever.
 *
 * @example
 * ```ts
 * const lock = new Lock();
 * {
 *   using _ = await lock.hold(); // Python: with lock:
 *   counter.value += 1;
 * }
 * ```
 */
export class Lock extends SharedPrimitive {
  readonly #words: Int32Array;

  constructor() {
    super('Lock', () => [sharedWords(OWNER_WORDS)]);
    this.#words = new Int32Array(this.buffers[0]!);
  }

  /**
   * Waits for the lock and takes it. Resolves true when taken, false when `timeout` ms passed
   * (or at once with `blocking: false`); rejects with the signal's reason on abort.
   *
   * @example
   * ```ts
   * if (await lock.acquire({ timeout: 50 })) try { work(); } finally { lock.release(); }
   * ```
   */
  async acquire(options?: AcquireOptions): Promise<boolean> {
    const { timeout, signal } = checkAcquireOptions(options);
    const words = this.#words;
    // Uncontended fast path: one CAS, no sleeper bookkeeping.
    if (signal?.aborted !== true && Atomics.compareExchange(words, OWNER, 0, selfIdent) === 0) return true;
    const taken = await asSleeperAsync(words, () => blockAsync(takePlan(words), timeout, signal));
    return taken === true;
  }

  /**
   * Worker threads only: blocks the thread until the lock is taken (true) or `timeout` passes.
   *
   * @example
   * ```ts
   * lock.acquireSync(); try { shared[0]++; } finally { lock.release(); }
   * ```
   */
  acquireSync(options?: AcquireOptions): boolean {
    assertMayBlock('Lock.acquireSync()', 'await lock.acquire()');
    const { timeout } = checkAcquireOptions(options);
    const words = this.#words;
    if (Atomics.compareExchange(words, OWNER, 0, selfIdent) === 0) return true;
    if (timeout === undefined && Atomics.load(words, OWNER) === selfIdent) {
      throw new SpindleError(
        'ERR_DEADLOCK',
        'this thread already holds the Lock, so acquireSync() would wait forever; use an RLock to re-enter',
      );
    }
    return asSleeper(words, () => blockSync(takePlan(words), timeout)) === true;
  }

  /**
   * Frees the lock (any thread may, as in Python). Throws NotHeldError if it is not locked.
   *
   * @example
   * ```ts
   * lock.release();
   * ```
   */
  release(): void {
    const owner = Atomics.load(this.#words, OWNER);
    if (owner === 0) throw new NotHeldError('release of an unlocked Lock');
    if (owner === OWNER_DEAD)
      throw new NotHeldError('release of a Lock whose owner died; call markConsistent()');
    give(this.#words);
  }

  /**
   * True while some thread holds it.
   *
   * @example
   * ```ts
   * lock.locked(); // false
   * ```
   */
  locked(): boolean {
    return Atomics.load(this.#words, OWNER) !== 0;
  }

  /**
   * After a holder died (LockOwnerDeadError) and its data was checked: makes the lock usable
   * again, free. Returns false if the lock was not in that state.
   *
   * @example
   * ```ts
   * lock.markConsistent();
   * ```
   */
  markConsistent(): boolean {
    return markConsistent(this.#words);
  }

  /**
   * `with lock:` — waits for the lock and returns a guard that releases it when disposed.
   * Rejects with TimeoutError if `timeout` passes first.
   *
   * @example
   * ```ts
   * { using _ = await lock.hold(); counter.value++; }
   * ```
   */
  async hold(options?: Omit<AcquireOptions, 'blocking'>): Promise<LockGuard> {
    if (!(await this.acquire(options)))
      throw new TimeoutError(`Lock not acquired within ${options?.timeout} ms`);
    return guard(() => this.release());
  }

  /**
   * Worker threads only: the blocking form of {@link Lock.hold}.
   *
   * @example
   * ```ts
   * { using _ = lock.holdSync(); shared[0]++; }
   * ```
   */
  holdSync(options?: Omit<AcquireOptions, 'blocking' | 'signal'>): LockGuard {
    if (!this.acquireSync(options)) throw new TimeoutError(`Lock not acquired within ${options?.timeout} ms`);
    return guard(() => this.release());
  }
}

/** A guard that runs `release` once, on `release()` or disposal. */
export function guard(release: () => void): LockGuard {
  let held = true;
  const once = () => {
    if (!held) return;
    held = false;
    release();
  };
  return { release: once, [Symbol.dispose]: once };
}

registerPrimitive('Lock', Lock);
