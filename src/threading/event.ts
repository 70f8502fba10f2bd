/**
 * Event in shared memory: a flag, plus a generation word that every set() bumps. A waiter
 * remembers the generation it started in and returns true once the flag is set *or* the
 * generation moved — so, as in Python, a waiter woken by set() returns true even if clear()
 * follows before it gets to look.
 */
import {
  assertMayBlock,
  type BlockPlan,
  blockAsync,
  blockSync,
  checkBlockOptions,
  wakeAll,
} from './block.ts';
import { registerPrimitive, SharedPrimitive, sharedWords } from './shared-primitive.ts';

/** The flag (0/1); the generation set() bumps (the word waiters sleep on); sleepers. */
const FLAG = 0;
const GENERATION = 1;
const SLEEPERS = 2;
const WORDS = 3;

/** Options of `wait`. */
export interface EventWaitOptions {
  /** Milliseconds to wait at most; then wait returns false. Default: forever. */
  timeout?: number;
  /** Aborting it ends the wait with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Python's `threading.Event` in shared memory: one thread sets the flag, any number wait for it,
 * on the main thread (`await wait()`) or in workers (`waitSync()`).
 *
 * @example
 * ```ts
 * const ready = new Event();
 * pool.submit(worker, ready); // the worker calls ready.waitSync()
 * ready.set();
 * ```
 */
export class Event extends SharedPrimitive {
  readonly #words: Int32Array;

  constructor() {
    super('Event', () => [sharedWords(WORDS)]);
    this.#words = new Int32Array(this.buffers[0]!);
  }

  /**
   * Sets the flag and wakes every waiter.
   *
   * @example
   * ```ts
   * event.set();
   * ```
   */
  set(): void {
    const words = this.#words;
    Atomics.store(words, FLAG, 1);
    Atomics.add(words, GENERATION, 1);
    if (Atomics.load(words, SLEEPERS) > 0) wakeAll(words, GENERATION);
  }

  /**
   * Resets the flag: later waits block until the next set().
   *
   * @example
   * ```ts
   * event.clear();
   * ```
   */
  clear(): void {
    Atomics.store(this.#words, FLAG, 0);
  }

  /**
   * True while the flag is set.
   *
   * @example
   * ```ts
   * new Event().isSet(); // false
   * ```
   */
  isSet(): boolean {
    return Atomics.load(this.#words, FLAG) === 1;
  }

  /**
   * Resolves true once the flag is set (at once if it is), false after `timeout` ms; rejects
   * with the signal's reason on abort.
   *
   * @example
   * ```ts
   * if (!(await event.wait({ timeout: 1000 }))) console.log('not yet');
   * ```
   */
  async wait(options?: EventWaitOptions): Promise<boolean> {
    const { timeout, signal } = checkBlockOptions(options);
    const words = this.#words;
    if (this.isSet()) return true;
    Atomics.add(words, SLEEPERS, 1);
    try {
      return (await blockAsync(this.#plan(), timeout, signal)) === true;
    } finally {
      Atomics.sub(words, SLEEPERS, 1);
    }
  }

  /**
   * Worker threads only: blocks until the flag is set (true) or `timeout` passes (false).
   *
   * @example
   * ```ts
   * ready.waitSync(); // in a worker
   * ```
   */
  waitSync(options?: Omit<EventWaitOptions, 'signal'>): boolean {
    assertMayBlock('Event.waitSync()', 'await event.wait()');
    const { timeout } = checkBlockOptions(options);
    const words = this.#words;
    if (this.isSet()) return true;
    Atomics.add(words, SLEEPERS, 1);
    try {
      return blockSync(this.#plan(), timeout) === true;
    } finally {
      Atomics.sub(words, SLEEPERS, 1);
    }
  }

  /** Succeeds once the flag is up or a set() happened since the wait began. */
  #plan(): BlockPlan<true> {
    const words = this.#words;
    const start = Atomics.load(words, GENERATION);
    return {
      word: words,
      index: GENERATION,
      attempt: () =>
        Atomics.load(words, FLAG) === 1 || Atomics.load(words, GENERATION) !== start ? true : undefined,
    };
  }
}

registerPrimitive('Event', Event);
