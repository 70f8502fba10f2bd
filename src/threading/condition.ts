/**
 * Condition in shared memory. Each wait takes a slot of a waiter table (condition-slots.ts)
 * *before* it releases the lock and sleeps on that slot's own word; notify(n) marks the n oldest
 * waiting slots NOTIFIED. A notify between the unlock and the sleep is therefore never lost, and
 * a waiter that times out or is aborted settles its slot only after taking the lock back — in
 * the same locked step a notify would have used — so it either was notified (and says so) or
 * leaves without having consumed anyone's notify.
 */
import { NotHeldError } from '../errors.ts';
import { reviveWire, type SharedWire, toWire } from '../wire/shared-codec.ts';
import type { AcquireOptions } from './acquire-options.ts';
import { assertMayBlock, type BlockPlan, blockAsync, blockSync, checkBlockOptions } from './block.ts';
import {
  DEFAULT_MAX_WAITERS,
  NOTIFIED,
  notifyOldest,
  register,
  stateIndex,
  tableWords,
  unregister,
} from './condition-slots.ts';
import { Lock, type LockGuard } from './lock.ts';
import { RLock } from './rlock.ts';
import { registerPrimitive, SharedPrimitive, sharedWords } from './shared-primitive.ts';

/** Options of `wait` and `waitFor`. */
export interface ConditionWaitOptions {
  /** Milliseconds to wait at most; then wait resolves false. Default: forever. */
  timeout?: number;
  /** Aborting it ends the wait (after the lock is taken back) with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of the Condition constructor. */
export interface ConditionOptions {
  /** Waits that may be pending at once (default 256); one more fails with ERR_CONDITION_FULL. */
  maxWaiters?: number;
}

interface ConditionMeta {
  lock: SharedWire;
}

/**
 * Python's `threading.Condition` over a shared {@link Lock} or {@link RLock} (a new RLock by
 * default). Hold the lock, check your predicate, `wait()` while it is false; another thread
 * changes the state under the lock and calls `notify()`. RLock ownership is per thread, so when
 * several async tasks on one thread wait on the same Condition, give it a plain Lock.
 *
 * @example
 * ```ts
 * const cond = new Condition();
 * // consumer (in a worker)
 * { using _ = cond.holdSync(); cond.waitForSync(() => items[0] > 0); items[0]--; }
 * // producer (main thread)
 * { using _ = await cond.hold(); items[0]++; cond.notify(); }
 * ```
 */
export class Condition extends SharedPrimitive {
  readonly #lock: Lock | RLock;
  readonly #words: Int32Array;

  constructor(lock?: Lock | RLock, options: ConditionOptions = {}) {
    const slots = options.maxWaiters ?? DEFAULT_MAX_WAITERS;
    if (!Number.isInteger(slots) || slots < 1) {
      throw new RangeError(`maxWaiters must be an integer >= 1, got ${String(slots)}`);
    }
    if (lock !== undefined && !(lock instanceof Lock) && !(lock instanceof RLock)) {
      throw new TypeError('Condition needs a Lock or an RLock (or nothing, for a new RLock)');
    }
    super('Condition', () => [sharedWords(tableWords(slots))]);
    this.#words = new Int32Array(this.buffers[0]!);
    const meta = this.revivedMeta as ConditionMeta | undefined;
    // Not a default parameter: creating the RLock before super() would take the revive slot.
    this.#lock = meta ? (reviveWire(meta.lock) as Lock | RLock) : (lock ?? new RLock());
  }

  /** The lock travels inside the wire record, so it revives as the same Lock too. */
  protected override wireMeta(): ConditionMeta {
    return { lock: this.#lock[toWire]() };
  }

  /**
   * Takes the underlying lock (see {@link Lock.acquire}).
   *
   * @example
   * ```ts
   * await cond.acquire(); try { cond.notify(); } finally { cond.release(); }
   * ```
   */
  acquire(options?: AcquireOptions): Promise<boolean> {
    return this.#lock.acquire(options);
  }

  /**
   * Worker threads only: takes the underlying lock, blocking.
   *
   * @example
   * ```ts
   * cond.acquireSync(); try { cond.notify(); } finally { cond.release(); }
   * ```
   */
  acquireSync(options?: AcquireOptions): boolean {
    return this.#lock.acquireSync(options);
  }

  /**
   * Releases the underlying lock.
   *
   * @example
   * ```ts
   * cond.release();
   * ```
   */
  release(): void {
    this.#lock.release();
  }

  /**
   * `with cond:` — the underlying lock's guard.
   *
   * @example
   * ```ts
   * { using _ = await cond.hold(); cond.notifyAll(); }
   * ```
   */
  hold(options?: Omit<AcquireOptions, 'blocking'>): Promise<LockGuard> {
    return this.#lock.hold(options);
  }

  /**
   * Worker threads only: `with cond:`, blocking.
   *
   * @example
   * ```ts
   * { using _ = cond.holdSync(); cond.notify(); }
   * ```
   */
  holdSync(options?: Omit<AcquireOptions, 'blocking' | 'signal'>): LockGuard {
    return this.#lock.holdSync(options);
  }

  /**
   * With the lock held: releases it, waits for a notify, takes the lock back. Resolves true when
   * notified, false after `timeout` ms; on abort rejects with the signal's reason — the lock is
   * held again in every case, as in Python.
   *
   * @example
   * ```ts
   * { using _ = await cond.hold(); while (!ready[0]) await cond.wait(); }
   * ```
   */
  async wait(options?: ConditionWaitOptions): Promise<boolean> {
    const { timeout, signal } = checkBlockOptions(options);
    const words = this.#words;
    const slot = this.#enter('wait');
    const saved = this.#releaseLock();
    let failure: { error: unknown } | undefined;
    try {
      await blockAsync(this.#plan(slot), timeout, signal);
    } catch (error) {
      failure = { error };
    }
    await this.#lock.acquire();
    return this.#leave(slot, saved, failure, words);
  }

  /**
   * Worker threads only: the blocking form of {@link Condition.wait}.
   *
   * @example
   * ```ts
   * { using _ = cond.holdSync(); while (!ready[0]) cond.waitSync(); }
   * ```
   */
  waitSync(options?: Omit<ConditionWaitOptions, 'signal'>): boolean {
    assertMayBlock('Condition.waitSync()', 'await condition.wait()');
    const { timeout } = checkBlockOptions(options);
    const slot = this.#enter('wait');
    const saved = this.#releaseLock();
    let failure: { error: unknown } | undefined;
    try {
      blockSync(this.#plan(slot), timeout);
    } catch (error) {
      failure = { error };
    }
    this.#lock.acquireSync();
    return this.#leave(slot, saved, failure, this.#words);
  }

  /**
   * With the lock held: waits until `predicate()` is truthy and returns its last value (falsy
   * only when `timeout` ms passed first). Python's `wait_for`.
   *
   * @example
   * ```ts
   * { using _ = await cond.hold(); await cond.waitFor(() => queue.length > 0); }
   * ```
   */
  async waitFor<T>(predicate: () => T, options?: ConditionWaitOptions): Promise<T> {
    const { timeout, signal } = checkBlockOptions(options);
    const deadline = timeout === undefined ? undefined : performance.now() + timeout;
    let result = predicate();
    while (!result) {
      const left = deadline === undefined ? undefined : deadline - performance.now();
      if (left !== undefined && left <= 0) break;
      await this.wait({ timeout: left, signal });
      result = predicate();
    }
    return result;
  }

  /**
   * Worker threads only: the blocking form of {@link Condition.waitFor}.
   *
   * @example
   * ```ts
   * { using _ = cond.holdSync(); cond.waitForSync(() => flags[0] === 1); }
   * ```
   */
  waitForSync<T>(predicate: () => T, options?: Omit<ConditionWaitOptions, 'signal'>): T {
    const { timeout } = checkBlockOptions(options);
    const deadline = timeout === undefined ? undefined : performance.now() + timeout;
    let result = predicate();
    while (!result) {
      const left = deadline === undefined ? undefined : deadline - performance.now();
      if (left !== undefined && left <= 0) break;
      this.waitSync({ timeout: left });
      result = predicate();
    }
    return result;
  }

  /**
   * With the lock held: wakes at most `n` waiters, the longest-waiting first.
   *
   * @example
   * ```ts
   * { using _ = await cond.hold(); items.push(x); cond.notify(); }
   * ```
   */
  notify(n = 1): void {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new RangeError(`notify count must be an integer >= 0, got ${String(n)}`);
    }
    this.#assertHeld('notify');
    notifyOldest(this.#words, n);
  }

  /**
   * With the lock held: wakes every waiter.
   *
   * @example
   * ```ts
   * { using _ = await cond.hold(); done[0] = 1; cond.notifyAll(); }
   * ```
   */
  notifyAll(): void {
    this.#assertHeld('notify');
    notifyOldest(this.#words, Number.MAX_SAFE_INTEGER);
  }

  #assertHeld(what: string): void {
    const lock = this.#lock;
    const held = lock instanceof RLock ? lock.isOwned() : lock.locked();
    if (!held) throw new NotHeldError(`cannot ${what} on a Condition whose lock is not held`);
  }

  /** Lock held: registers a waiter slot (before the lock is let go). */
  #enter(what: string): number {
    this.#assertHeld(what);
    return register(this.#words);
  }

  /** Lets go of the lock completely; returns the RLock depth to restore (0 for a Lock). */
  #releaseLock(): number {
    const lock = this.#lock;
    if (lock instanceof RLock) return lock.releaseAll();
    lock.release();
    return 0;
  }

  /**
   * Lock held again: settles the slot. A slot found NOTIFIED counts as notified even after a
   * timeout; an aborted waiter that was notified hands its notify on to the next waiter.
   */
  #leave(slot: number, saved: number, failure: { error: unknown } | undefined, words: Int32Array): boolean {
    if (this.#lock instanceof RLock) this.#lock.restoreCount(saved);
    const notified = unregister(words, slot);
    if (failure !== undefined) {
      if (notified) notifyOldest(words, 1);
      throw failure.error;
    }
    return notified;
  }

  #plan(slot: number): BlockPlan<true> {
    const words = this.#words;
    const index = stateIndex(slot);
    return {
      word: words,
      index,
      attempt: () => (Atomics.load(words, index) === NOTIFIED ? true : undefined),
    };
  }
}

registerPrimitive('Condition', Condition);
