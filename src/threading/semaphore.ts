/**
 * Semaphore and BoundedSemaphore in shared memory. One word holds the free permits; a waiter
 * takes a permit itself, by compare-and-swap, in the same step that ends its wait — so a
 * timed-out or aborted waiter never holds a permit it did not take, and a permit released while
 * it gave up goes to the next taker instead of being lost.
 */
import { NotHeldError, TimeoutError } from '../errors.ts';
import { type AcquireOptions, checkAcquireOptions } from './acquire-options.ts';
import { assertMayBlock, type BlockPlan, blockAsync, blockSync, wakeAll } from './block.ts';
import { guard, type LockGuard } from './lock.ts';
import { registerPrimitive, SharedPrimitive, sharedWords } from './shared-primitive.ts';

/** Free permits; threads sleeping on it; the bound (-1: unbounded). */
const VALUE = 0;
const SLEEPERS = 1;
const BOUND = 2;
const WORDS = 3;

/** Largest count a semaphore may hold (one Int32 word). */
const MAX_VALUE = 0x7fffffff;

function checkCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${what} must be an integer, got ${String(value)}`);
  }
  if (value < 0 || value > MAX_VALUE)
    throw new RangeError(`${what} must be in 0..${MAX_VALUE}, got ${value}`);
  return value;
}

/** Takes one permit if there is one: the CAS that makes a permit the waiter's own. */
function tryTakePermit(words: Int32Array): boolean {
  for (;;) {
    const free = Atomics.load(words, VALUE);
    if (free <= 0) return false;
    if (Atomics.compareExchange(words, VALUE, free, free - 1) === free) return true;
  }
}

function permitPlan(words: Int32Array): BlockPlan<true> {
  return { word: words, index: VALUE, attempt: () => (tryTakePermit(words) ? true : undefined) };
}

/**
 * A counting semaphore in shared memory, usable from the main thread and every worker and passed
 * to tasks as an ordinary argument. Python's `threading.Semaphore`: `acquire` takes a permit,
 * waiting while there is none; `release(n)` gives back `n`.
 *
 * @example
 * ```ts
 * const slots = new Semaphore(3); // at most 3 downloads at once
 * { using _ = await slots.hold(); await download(url); }
 * ```
 */
export class Semaphore extends SharedPrimitive {
  readonly #words: Int32Array;

  constructor(value = 1) {
    checkCount(value, 'Semaphore value');
    super(new.target === BoundedSemaphore ? 'BoundedSemaphore' : 'Semaphore', () => [sharedWords(WORDS)]);
    this.#words = new Int32Array(this.buffers[0]!);
    if (this.revivedMeta === undefined) {
      Atomics.store(this.#words, VALUE, value);
      Atomics.store(this.#words, BOUND, new.target === BoundedSemaphore ? value : -1);
    }
  }

  /** Revived instances are told apart from fresh ones by a non-undefined meta. */
  protected override wireMeta(): unknown {
    return 1;
  }

  /**
   * Takes a permit. Resolves true once taken, false when `timeout` ms passed (or at once with
   * `blocking: false`); rejects with the signal's reason on abort (holding nothing).
   *
   * @example
   * ```ts
   * if (await sem.acquire({ timeout: 100 })) try { work(); } finally { sem.release(); }
   * ```
   */
  async acquire(options?: AcquireOptions): Promise<boolean> {
    const { timeout, signal } = checkAcquireOptions(options);
    const words = this.#words;
    if (signal === undefined && tryTakePermit(words)) return true;
    Atomics.add(words, SLEEPERS, 1);
    try {
      return (await blockAsync(permitPlan(words), timeout, signal)) === true;
    } finally {
      Atomics.sub(words, SLEEPERS, 1);
    }
  }

  /**
   * Worker threads only: blocks until a permit is taken (true) or `timeout` passes (false).
   *
   * @example
   * ```ts
   * sem.acquireSync(); try { work(); } finally { sem.release(); }
   * ```
   */
  acquireSync(options?: AcquireOptions): boolean {
    assertMayBlock('Semaphore.acquireSync()', 'await semaphore.acquire()');
    const { timeout } = checkAcquireOptions(options);
    const words = this.#words;
    if (tryTakePermit(words)) return true;
    Atomics.add(words, SLEEPERS, 1);
    try {
      return blockSync(permitPlan(words), timeout) === true;
    } finally {
      Atomics.sub(words, SLEEPERS, 1);
    }
  }

  /**
   * Gives back `n` permits (any thread may), waking waiters. A BoundedSemaphore throws
   * NotHeldError, changing nothing, if that would exceed its initial value.
   *
   * @example
   * ```ts
   * sem.release(2);
   * ```
   */
  release(n = 1): void {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
      throw new RangeError(`release count must be an integer >= 1, got ${String(n)}`);
    }
    const words = this.#words;
    const bound = Atomics.load(words, BOUND);
    for (;;) {
      const free = Atomics.load(words, VALUE);
      const limit = bound < 0 ? MAX_VALUE : bound;
      if (free + n > limit) {
        if (bound >= 0) throw new NotHeldError(`BoundedSemaphore released too many times (bound ${bound})`);
        throw new RangeError(`Semaphore value would exceed ${MAX_VALUE}`);
      }
      if (Atomics.compareExchange(words, VALUE, free, free + n) === free) break;
    }
    if (Atomics.load(words, SLEEPERS) > 0) wakeAll(words, VALUE);
  }

  /**
   * The permits free right now (a snapshot).
   *
   * @example
   * ```ts
   * new Semaphore(3).value; // 3
   * ```
   */
  get value(): number {
    return Atomics.load(this.#words, VALUE);
  }

  /**
   * `with sem:` — takes a permit and returns a guard that gives it back when disposed. Rejects
   * with TimeoutError if `timeout` passes first.
   *
   * @example
   * ```ts
   * { using _ = await sem.hold(); work(); }
   * ```
   */
  async hold(options?: Omit<AcquireOptions, 'blocking'>): Promise<LockGuard> {
    if (!(await this.acquire(options)))
      throw new TimeoutError(`Semaphore not acquired within ${options?.timeout} ms`);
    return guard(() => this.release());
  }

  /**
   * Worker threads only: the blocking form of {@link Semaphore.hold}.
   *
   * @example
   * ```ts
   * { using _ = sem.holdSync(); work(); }
   * ```
   */
  holdSync(options?: Omit<AcquireOptions, 'blocking' | 'signal'>): LockGuard {
    if (!this.acquireSync(options))
      throw new TimeoutError(`Semaphore not acquired within ${options?.timeout} ms`);
    return guard(() => this.release());
  }
}

/**
 * A Semaphore that may never hold more permits than it started with: a release past that throws
 * NotHeldError (Python: ValueError) and leaves the count unchanged — catching a release without
 * a matching acquire.
 *
 * @example
 * ```ts
 * const pool = new BoundedSemaphore(2);
 * pool.release(); // throws NotHeldError
 * ```
 */
export class BoundedSemaphore extends Semaphore {}

registerPrimitive('Semaphore', Semaphore);
registerPrimitive('BoundedSemaphore', BoundedSemaphore);
