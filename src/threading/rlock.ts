import { NotHeldError, TimeoutError } from '../errors.ts';
import { selfIdent } from '../runtime/thread-table.ts';
import { type AcquireOptions, checkAcquireOptions } from './acquire-options.ts';
import { assertMayBlock, blockAsync, blockSync } from './block.ts';
import { guard, type LockGuard } from './lock.ts';
import {
  asSleeper,
  asSleeperAsync,
  give,
  markConsistent,
  OWNER,
  OWNER_WORDS,
  takePlan,
} from './owner-word.ts';
import { registerPrimitive, SharedPrimitive, sharedWords } from './shared-primitive.ts';

/** How many times the owner holds it; only the owner thread touches it. */
const COUNT = OWNER_WORDS;

/**
 * A reentrant lock in shared memory: the owning thread may take it again, and must release it
 * as many times. Only the owner may release it (others get NotHeldError). Python's
 * `threading.RLock`; robust like {@link Lock}. Ownership is per thread: async code interleaved on
 * one thread shares it.
 *
 * @example
 * ```ts
 * const rlock = new RLock();
 * { using _ = await rlock.hold(); { using __ = await rlock.hold(); } } // re-entered
 * ```
 */
export class RLock extends SharedPrimitive {
  readonly #words: Int32Array;

  constructor() {
    super('RLock', () => [sharedWords(OWNER_WORDS + 1)]);
    this.#words = new Int32Array(this.buffers[0]!);
  }

  /**
   * Takes the lock (again, if this thread owns it). Resolves false on timeout.
   *
   * @example
   * ```ts
   * await rlock.acquire(); await rlock.acquire(); rlock.release(); rlock.release();
   * ```
   */
  async acquire(options?: AcquireOptions): Promise<boolean> {
    const { timeout, signal } = checkAcquireOptions(options);
    if (this.#reenter()) return true;
    const words = this.#words;
    if (signal?.aborted !== true && Atomics.compareExchange(words, OWNER, 0, selfIdent) === 0) {
      Atomics.store(words, COUNT, 1);
      return true;
    }
    const taken = await asSleeperAsync(words, () => blockAsync(takePlan(words), timeout, signal));
    if (taken === true) Atomics.store(words, COUNT, 1);
    return taken === true;
  }

  /**
   * Worker threads only: blocking {@link RLock.acquire}.
   *
   * @example
   * ```ts
   * rlock.acquireSync(); rlock.acquireSync(); rlock.release(); rlock.release();
   * ```
   */
  acquireSync(options?: AcquireOptions): boolean {
    assertMayBlock('RLock.acquireSync()', 'await rlock.acquire()');
    const { timeout } = checkAcquireOptions(options);
    if (this.#reenter()) return true;
    const words = this.#words;
    if (Atomics.compareExchange(words, OWNER, 0, selfIdent) === 0) {
      Atomics.store(words, COUNT, 1);
      return true;
    }
    const taken = asSleeper(words, () => blockSync(takePlan(words), timeout));
    if (taken === true) Atomics.store(words, COUNT, 1);
    return taken === true;
  }

  /**
   * Releases one level; frees the lock at the last. Throws NotHeldError unless this thread owns it.
   *
   * @example
   * ```ts
   * rlock.release();
   * ```
   */
  release(): void {
    this.#assertOwned('release');
    const left = Atomics.sub(this.#words, COUNT, 1) - 1;
    if (left === 0) give(this.#words);
  }

  /**
   * True while any thread holds it.
   *
   * @example
   * ```ts
   * rlock.locked();
   * ```
   */
  locked(): boolean {
    return Atomics.load(this.#words, OWNER) !== 0;
  }

  /**
   * True when the calling thread owns it (Python's private `_is_owned`).
   *
   * @example
   * ```ts
   * if (!rlock.isOwned()) await rlock.acquire();
   * ```
   */
  isOwned(): boolean {
    return Atomics.load(this.#words, OWNER) === selfIdent;
  }

  /**
   * See {@link Lock.markConsistent}.
   *
   * @example
   * ```ts
   * rlock.markConsistent();
   * ```
   */
  markConsistent(): boolean {
    return markConsistent(this.#words);
  }

  /**
   * `with rlock:` — a guard that releases one level when disposed.
   *
   * @example
   * ```ts
   * { using _ = await rlock.hold(); }
   * ```
   */
  async hold(options?: Omit<AcquireOptions, 'blocking'>): Promise<LockGuard> {
    if (!(await this.acquire(options)))
      throw new TimeoutError(`RLock not acquired within ${options?.timeout} ms`);
    return guard(() => this.release());
  }

  /**
   * Worker threads only: blocking {@link RLock.hold}.
   *
   * @example
   * ```ts
   * { using _ = rlock.holdSync(); }
   * ```
   */
  holdSync(options?: Omit<AcquireOptions, 'blocking' | 'signal'>): LockGuard {
    if (!this.acquireSync(options))
      throw new TimeoutError(`RLock not acquired within ${options?.timeout} ms`);
    return guard(() => this.release());
  }

  /** @internal For Condition.wait: releases every level at once and says how many there were. */
  releaseAll(): number {
    this.#assertOwned('wait on a Condition with');
    const count = Atomics.exchange(this.#words, COUNT, 0);
    give(this.#words);
    return count;
  }

  /** @internal Undoes {@link RLock.releaseAll} once the lock is taken again. */
  restoreCount(count: number): void {
    Atomics.store(this.#words, COUNT, count);
  }

  #reenter(): boolean {
    if (Atomics.load(this.#words, OWNER) !== selfIdent) return false;
    Atomics.add(this.#words, COUNT, 1);
    return true;
  }

  #assertOwned(what: string): void {
    if (Atomics.load(this.#words, OWNER) !== selfIdent) {
      throw new NotHeldError(`cannot ${what} an RLock this thread does not own`);
    }
  }
}

registerPrimitive('RLock', RLock);
