import { BrokenBarrierError } from '../errors.ts';
import type { WaitOptions } from '../futures/wait-options.ts';
import { checkWait, WaiterList } from './waiters.ts';

/**
 * Lets `parties` async callers meet: each `wait()` resolves once `parties` of them are waiting.
 * Python's `asyncio.Barrier`. A waiter that aborts or times out leaves the barrier (as a
 * cancelled task does in asyncio) without breaking it; `reset()` and `abort()` break it for the
 * current waiters, who reject with `BrokenBarrierError`.
 *
 * @example
 * ```ts
 * import { Barrier } from 'spindle/asyncio';
 * const barrier = new Barrier(3);
 * const indices = await Promise.all([barrier.wait(), barrier.wait(), barrier.wait()]); // [0, 1, 2]
 * ```
 */
export class Barrier {
  readonly #parties: number;
  /** Each waiter resolves with its arrival index within its round. */
  readonly #waiters = new WaiterList<number>();
  #broken = false;

  /** @param parties how many callers must wait before all are released (integer >= 1). */
  constructor(parties: number) {
    if (!Number.isInteger(parties) || parties < 1) {
      throw new RangeError(`parties must be an integer >= 1, got ${String(parties)}`);
    }
    this.#parties = parties;
  }

  /** The number of callers needed to pass the barrier. */
  get parties(): number {
    return this.#parties;
  }

  /** Callers waiting right now. */
  get nWaiting(): number {
    return this.#waiters.size;
  }

  /** True after `abort()` (until `reset()`). */
  get broken(): boolean {
    return this.#broken;
  }

  /**
   * Waits until `parties` callers wait, then resolves with this caller's arrival index
   * (0 … parties − 1). Rejects with `BrokenBarrierError` if the barrier is or becomes broken,
   * or with `TimeoutError` / the signal's reason (and then this caller has left the barrier).
   *
   * @example
   * ```ts
   * const index = await barrier.wait({ timeout: 5000 });
   * if (index === 0) console.log('first to arrive');
   * ```
   */
  wait(options?: WaitOptions): Promise<number> {
    const wait = checkWait(options);
    if (this.#broken) return Promise.reject(new BrokenBarrierError());
    if (wait.signal?.aborted || this.#waiters.size < this.#parties - 1) {
      return this.#waiters.park(wait, undefined, 'the barrier was not passed');
    }
    let index = 0;
    this.#waiters.wakeAll(() => index++);
    return Promise.resolve(index);
  }

  /**
   * Breaks the barrier for whoever waits now (they reject with `BrokenBarrierError`) and makes
   * it usable again.
   *
   * @example
   * ```ts
   * barrier.reset();
   * ```
   */
  reset(): void {
    this.#waiters.rejectAll(() => new BrokenBarrierError('the barrier was reset'));
    this.#broken = false;
  }

  /**
   * Breaks the barrier: current and future waiters reject with `BrokenBarrierError` until `reset()`.
   *
   * @example
   * ```ts
   * barrier.abort();
   * ```
   */
  abort(): void {
    this.#broken = true;
    this.#waiters.rejectAll(() => new BrokenBarrierError('the barrier was aborted'));
  }
}
