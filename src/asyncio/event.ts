import type { WaitOptions } from '../futures/wait-options.ts';
import { checkWait, WaiterList } from './waiters.ts';

/**
 * A flag that async code can wait for: Python's `asyncio.Event`. `set()` wakes every waiter;
 * `wait()` resolves at once while the flag is set.
 *
 * @example
 * ```ts
 * import { Event } from 'spindle/asyncio';
 * const ready = new Event();
 * setTimeout(() => ready.set(), 100);
 * await ready.wait({ timeout: 1000 }); // true
 * ```
 */
export class Event {
  #flag = false;
  readonly #waiters = new WaiterList<true>();

  /** True once `set()` was called (and not cleared since). */
  isSet(): boolean {
    return this.#flag;
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
    this.#flag = true;
    this.#waiters.wakeAll(() => true);
  }

  /**
   * Clears the flag; later `wait()` calls wait again.
   *
   * @example
   * ```ts
   * event.clear();
   * ```
   */
  clear(): void {
    this.#flag = false;
  }

  /**
   * Resolves `true` once the flag is set; rejects with `TimeoutError` or the signal's reason.
   *
   * @example
   * ```ts
   * await event.wait({ signal });
   * ```
   */
  wait(options?: WaitOptions): Promise<true> {
    const wait = checkWait(options);
    if (this.#flag) return Promise.resolve(true);
    return this.#waiters.park(wait, undefined, 'the event was not set');
  }
}
