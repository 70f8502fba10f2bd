import { CancelledError, InvalidStateError, SpindleError } from '../errors.ts';
import { checkSignal, checkTimeout, type WaitOptions, waitWithin } from './wait-options.ts';

/** The four states of a {@link Future}, as in Python's `concurrent.futures`. */
export type FutureState = 'PENDING' | 'RUNNING' | 'FINISHED' | 'CANCELLED';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * The eventual result of work submitted to an executor: Python's `concurrent.futures.Future`,
 * and also a `PromiseLike`, so `await future` works and rejects exactly like `future.result()`.
 *
 * States go PENDING → RUNNING → FINISHED, or PENDING → CANCELLED. Executors drive the
 * transitions through {@link Future.setRunningOrNotifyCancel}, {@link Future.setResult} and
 * {@link Future.setException}.
 *
 * @example
 * ```ts
 * const f = pool.submit(isPrime, 97);
 * f.addDoneCallback((done) => console.log('finished', done.done()));
 * console.log(await f); // true
 * ```
 */
export class Future<T> implements PromiseLike<T> {
  #state: FutureState = 'PENDING';
  #outcome: Outcome<T> | undefined;
  #callbacks: Array<(future: Future<T>) => void> | undefined;
  #promise: Promise<T> | undefined;
  #onCancel: ((future: Future<T>) => void) | undefined;

  /**
   * @param onCancel called once, synchronously, when {@link Future.cancel} succeeds — executors use
   * it to drop the work from their queue.
   */
  constructor(onCancel?: (future: Future<T>) => void) {
    this.#onCancel = onCancel;
  }

  /** The current state. */
  get state(): FutureState {
    return this.#state;
  }

  /**
   * Attempts to cancel. Returns true when the future is (now) cancelled; false when it is
   * already running or finished — Python's rule: running work is not interrupted by `cancel()`
   * (use a per-call `signal` for that).
   *
   * @example
   * ```ts
   * const f = pool.submit(slow); const g = pool.submit(slow); // g waits for a worker
   * g.cancel(); // true
   * ```
   */
  cancel(): boolean {
    if (this.#state === 'CANCELLED') return true;
    if (this.#state !== 'PENDING') return false;
    this.#state = 'CANCELLED';
    this.#outcome = { ok: false, error: new CancelledError() };
    const onCancel = this.#onCancel;
    this.#onCancel = undefined;
    try {
      onCancel?.(this);
    } finally {
      this.#finish(); // waiters settle even if the executor's hook throws
    }
    return true;
  }

  /** True when the future was cancelled. */
  cancelled(): boolean {
    return this.#state === 'CANCELLED';
  }

  /** True while the work is running. */
  running(): boolean {
    return this.#state === 'RUNNING';
  }

  /** True when the future finished with an error (not when cancelled). Synchronous, unlike {@link Future.exception}. */
  failed(): boolean {
    return this.#state === 'FINISHED' && this.#outcome?.ok === false;
  }

  /** True when the future finished or was cancelled. */
  done(): boolean {
    return this.#state === 'FINISHED' || this.#state === 'CANCELLED';
  }

  /**
   * Waits for the outcome: resolves with the value, rejects with the task's error, with
   * `CancelledError` if cancelled, or with `TimeoutError` if `timeout` ms pass first (the
   * future itself is unaffected by that timeout).
   *
   * @example
   * ```ts
   * const value = await f.result({ timeout: 1000 });
   * ```
   */
  result(options?: WaitOptions): Promise<T> {
    if (this.#outcome !== undefined) {
      checkTimeout(options?.timeout);
      checkSignal(options?.signal);
      return this.#settledPromise(); // the outcome is known: no deadline or signal can change it
    }
    return waitWithin(this.#settledPromise(), options, 'the future did not finish');
  }

  /**
   * Waits like {@link Future.result} but resolves with the task's error (or `undefined` on
   * success). Rejects with `CancelledError` if the future was cancelled.
   *
   * @example
   * ```ts
   * const err = await f.exception(); // undefined when f succeeded
   * ```
   */
  exception(options?: WaitOptions): Promise<unknown> {
    return this.result(options).then(
      () => undefined,
      (error: unknown) => {
        // Only the task's own error is returned; cancellation, timeout and abort are rethrown.
        const outcome = this.#outcome;
        if (this.#state === 'FINISHED' && outcome?.ok === false && outcome.error === error) return error;
        throw error;
      },
    );
  }

  /**
   * Calls `fn(future)` when the future is done — at once if it already is. A callback that
   * throws is reported as a process warning (a `SpindleError` with code `ERR_CALLBACK`) and breaks nothing else.
   *
   * @example
   * ```ts
   * f.addDoneCallback((done) => console.log(done.state));
   * ```
   */
  addDoneCallback(fn: (future: Future<T>) => void): void {
    if (typeof fn !== 'function') throw new TypeError('addDoneCallback expects a function');
    if (this.done()) {
      this.#invoke(fn);
      return;
    }
    if (this.#callbacks === undefined) this.#callbacks = [fn];
    else this.#callbacks.push(fn);
  }

  /**
   * Moves PENDING → RUNNING and returns true, or returns false if the future was cancelled.
   * For executor implementations (Python's `set_running_or_notify_cancel`).
   */
  setRunningOrNotifyCancel(): boolean {
    if (this.#state === 'CANCELLED') return false;
    if (this.#state !== 'PENDING') throw new InvalidStateError(`future is ${this.#state}, not PENDING`);
    this.#state = 'RUNNING';
    return true;
  }

  /** Completes the future with a value. For executor implementations. */
  setResult(value: T): void {
    this.#settle({ ok: true, value });
  }

  /** Completes the future with an error. For executor implementations. */
  setException(error: unknown): void {
    this.#settle({ ok: false, error });
  }

  // biome-ignore lint/suspicious/noThenProperty: a Future is deliberately PromiseLike.
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#settledPromise().then(onFulfilled, onRejected);
  }

  /** Like `Promise.prototype.catch`. */
  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#settledPromise().catch(onRejected);
  }

  /** Like `Promise.prototype.finally`. */
  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.#settledPromise().finally(onFinally);
  }

  get [Symbol.toStringTag](): string {
    return `Future ${this.#state}`;
  }

  #settle(outcome: Outcome<T>): void {
    if (this.done()) {
      throw new InvalidStateError(`cannot complete a future that is already ${this.#state}`);
    }
    this.#state = 'FINISHED';
    this.#outcome = outcome;
    this.#onCancel = undefined;
    this.#finish();
  }

  #finish(): void {
    const callbacks = this.#callbacks;
    this.#callbacks = undefined;
    if (callbacks) for (const fn of callbacks) this.#invoke(fn);
  }

  #invoke(fn: (future: Future<T>) => void): void {
    try {
      fn(this);
    } catch (error) {
      process.emitWarning(
        new SpindleError('ERR_CALLBACK', `exception calling callback for ${String(this)}`, { cause: error }),
      );
    }
  }

  /** Created only when someone awaits, so an unobserved failed future never raises unhandledRejection. */
  #settledPromise(): Promise<T> {
    if (this.#promise) return this.#promise;
    const outcome = this.#outcome;
    if (outcome !== undefined) {
      this.#promise = outcome.ok ? Promise.resolve(outcome.value) : Promise.reject(outcome.error);
    } else {
      this.#promise = new Promise<T>((resolve, reject) => {
        this.addDoneCallback(() => {
          const o = this.#outcome!;
          if (o.ok) resolve(o.value);
          else reject(o.error);
        });
      });
    }
    return this.#promise;
  }
}
