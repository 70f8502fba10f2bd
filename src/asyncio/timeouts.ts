import { InvalidStateError, TimeoutError } from '../errors.ts';
import { checkSignal } from '../futures/wait-options.ts';

/** Options of {@link timeout} and {@link timeoutAt}. */
export interface TimeoutScopeOptions {
  /** A parent signal: the scope's signal also aborts (with its reason) when this one does. */
  signal?: AbortSignal;
}

/**
 * A deadline scope: Python's `asyncio.Timeout`, as a `Disposable`. Its `signal` aborts with a
 * `TimeoutError` when the deadline passes; hand it to whatever the block awaits. Disposing the
 * scope clears its timer and ends it. Deadlines are `performance.now()` times in milliseconds;
 * one already past expires the scope at once (the signal is aborted before the call returns).
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
  #disposed = false;

  /** Use {@link timeout} or {@link timeoutAt}. */
  constructor(deadline: number | undefined, options: TimeoutScopeOptions = {}) {
    this.#parent = checkSignal(options?.signal);
    if (this.#parent?.aborted) this.#abort(this.#parent.reason);
    else this.#parent?.addEventListener('abort', this.#onParentAbort, { once: true });
    this.#schedule(checkDeadline(deadline));
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
   * Moves the deadline (a `performance.now()` time; undefined removes it; a past one expires
   * the scope at once). Throws `InvalidStateError` once the scope was disposed, expired or
   * cancelled by its parent, as Python raises RuntimeError.
   *
   * @example
   * ```ts
   * scope.reschedule(performance.now() + 500);
   * ```
   */
  reschedule(deadline: number | undefined): void {
    const when = checkDeadline(deadline);
    if (this.#disposed) throw new InvalidStateError('cannot reschedule a disposed Timeout');
    if (this.#controller.signal.aborted) {
      throw new InvalidStateError(`cannot reschedule an ${this.expired() ? 'expired' : 'aborted'} Timeout`);
    }
    this.#schedule(when);
  }

  /** Clears the timer and the parent listener; the scope is over (`reschedule` then throws). */
  [Symbol.dispose](): void {
    this.#disposed = true;
    this.#stop();
  }

  #schedule(deadline: number | undefined): void {
    if (this.#controller.signal.aborted) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#deadline = deadline;
    if (deadline === undefined) return;
    const ms = deadline - performance.now();
    if (ms <= 0) this.#abort(new TimeoutError('the deadline passed'));
    else this.#timer = setTimeout(() => this.#abort(new TimeoutError('the deadline passed')), ms);
  }

  #stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#parent?.removeEventListener('abort', this.#onParentAbort);
  }

  #abort(reason: unknown): void {
    this.#stop();
    this.#controller.abort(reason);
  }
}

/** Throws a TypeError unless `deadline` is undefined or a number (NaN is refused). */
function checkDeadline(deadline: unknown): number | undefined {
  if (deadline !== undefined && (typeof deadline !== 'number' || Number.isNaN(deadline))) {
    throw new TypeError('the deadline must be a number (a performance.now() time) or undefined');
  }
  return deadline === Number.POSITIVE_INFINITY ? undefined : deadline;
}

/**
 * A {@link Timeout} scope that expires `ms` milliseconds from now (undefined or Infinity: never;
 * zero or negative: at once). Python's `asyncio.timeout(delay)`.
 *
 * @example
 * ```ts
 * using scope = timeout(2000);
 * const res = await fetch(url, { signal: scope.signal });
 * ```
 */
export function timeout(ms: number | undefined, options?: TimeoutScopeOptions): Timeout {
  if (ms !== undefined && (typeof ms !== 'number' || Number.isNaN(ms))) {
    throw new TypeError(`ms must be a number of milliseconds, got ${typeof ms}`);
  }
  return new Timeout(ms === undefined ? undefined : performance.now() + ms, options);
}

/**
 * A {@link Timeout} scope that expires at `deadline`, a `performance.now()` time (a past one: at
 * once). Python's `asyncio.timeout_at(when)`.
 *
 * @example
 * ```ts
 * using scope = timeoutAt(performance.now() + 2000);
 * ```
 */
export function timeoutAt(deadline: number | undefined, options?: TimeoutScopeOptions): Timeout {
  return new Timeout(deadline, options);
}
