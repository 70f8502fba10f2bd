import { TimeoutError } from '../errors.ts';
import { checkSignal, checkTimeout } from '../futures/wait-options.ts';

/** Options of {@link timeout} and {@link timeoutAt}. */
export interface TimeoutScopeOptions {
  /** A parent signal: the scope's signal also aborts (with its reason) when this one does. */
  signal?: AbortSignal;
}

/**
 * A deadline scope: Python's `asyncio.Timeout`, as a `Disposable`. Its `signal` aborts with a
 * `TimeoutError` when the deadline passes; hand it to whatever the block awaits. Disposing the
 * scope clears its timer. Deadlines are `performance.now()` times in milliseconds.
 *
 * @example
 * ```ts
 * import { timeout, sleep } from 'spindle/asyncio';
 * {
 *   using scope = timeout(1000);
 *   await sleep(5000, { signal: scope.signal }); // rejects with TimeoutError after 1 s
 * }
 * ```
 */
export class Timeout implements Disposable {
  readonly #controller = new AbortController();
  readonly #parent: AbortSignal | undefined;
  readonly #onParentAbort = () => this.#abort(this.#parent!.reason);
  #deadline: number | undefined;
  #timer: NodeJS.Timeout | undefined;

  /** Use {@link timeout} or {@link timeoutAt}. */
  constructor(deadline: number | undefined, options: TimeoutScopeOptions = {}) {
    this.#parent = checkSignal(options?.signal);
    if (this.#parent?.aborted) this.#abort(this.#parent.reason);
    else this.#parent?.addEventListener('abort', this.#onParentAbort, { once: true });
    this.reschedule(deadline);
  }

  /** Aborts when the deadline passes (reason: TimeoutError) or the parent signal aborts. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The deadline (a `performance.now()` time), or undefined for none. */
  when(): number | undefined {
    return this.#deadline;
  }

  /** True once the deadline passed. */
  expired(): boolean {
    return this.#controller.signal.reason instanceof TimeoutError;
  }

  /**
   * Moves the deadline (a `performance.now()` time; undefined removes it). No effect once the
   * scope expired or was disposed.
   *
   * @example
   * ```ts
   * scope.reschedule(performance.now() + 500);
   * ```
   */
  reschedule(deadline: number | undefined): void {
    if (deadline !== undefined && (typeof deadline !== 'number' || Number.isNaN(deadline))) {
      throw new TypeError('the deadline must be a number (a performance.now() time) or undefined');
    }
    if (this.#controller.signal.aborted) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#deadline = deadline;
    if (deadline === undefined) return;
    const ms = Math.max(0, deadline - performance.now());
    this.#timer = setTimeout(() => this.#abort(new TimeoutError(`the deadline passed`)), ms);
  }

  /** Clears the timer and the parent listener. */
  [Symbol.dispose](): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#parent?.removeEventListener('abort', this.#onParentAbort);
  }

  #abort(reason: unknown): void {
    this[Symbol.dispose]();
    this.#controller.abort(reason);
  }
}

/**
 * A {@link Timeout} scope that expires `ms` milliseconds from now (undefined: never). Python's
 * `asyncio.timeout(delay)`.
 *
 * @example
 * ```ts
 * using scope = timeout(2000);
 * const res = await fetch(url, { signal: scope.signal });
 * ```
 */
export function timeout(ms: number | undefined, options?: TimeoutScopeOptions): Timeout {
  const delay = checkTimeout(ms, 'ms');
  return new Timeout(delay === undefined ? undefined : performance.now() + delay, options);
}

/**
 * A {@link Timeout} scope that expires at `deadline`, a `performance.now()` time. Python's
 * `asyncio.timeout_at(when)`.
 *
 * @example
 * ```ts
 * using scope = timeoutAt(performance.now() + 2000);
 * ```
 */
export function timeoutAt(deadline: number | undefined, options?: TimeoutScopeOptions): Timeout {
  return new Timeout(deadline, options);
}
