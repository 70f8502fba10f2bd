import { CancelledError, InvalidStateError, SpindleError } from '../errors.ts';
import { checkSignal, checkTimeout, type WaitOptions, waitWithin } from './wait-options.ts';

/** The four states of a {@link Future}, as in Python's `concurrent.futures`. */
export type FutureState = 'PENDING' | 'RUNNING' | 'FINISHED' | 'CANCELLED';

// The resolving functions of the promise being constructed: the executor stores them here and
// the constructor takes them at once, so no closure is allocated per future.
let newResolve: ((value: any) => void) | undefined;
let newReject: ((error: unknown) => void) | undefined;
function captureResolvers(resolve: (value: any) => void, reject: (error: unknown) => void): void {
  newResolve = resolve;
  newReject = reject;
}
const ignore = () => {};
const nativeThen = Promise.prototype.then;

/**
 * The eventual result of work submitted to an executor: Python's `concurrent.futures.Future`,
 * and also a real `Promise`, so `await future` works and rejects exactly like `future.result()`.
 *
 * States go PENDING → RUNNING → FINISHED, or PENDING → CANCELLED. Executors drive the
 * transitions through {@link Future.setRunningOrNotifyCancel}, {@link Future.setResult} and
 * {@link Future.setException}. A failed future that nobody awaits stays silent (no
 * `unhandledRejection`), as in Python. `then` / `catch` / `finally` return plain Promises.
 *
 * @example
 * ```ts
 * const f = pool.submit(isPrime, 97);
 * f.addDoneCallback((done) => console.log('finished', done.done()));
 * console.log(await f); // true
 * ```
 */
export class Future<T> extends Promise<T> {
  #state: FutureState = 'PENDING';
  // The outcome is also kept here, readable synchronously (failed(), exception()).
  #outcome: unknown = undefined;
  #failed = false;
  /** One callback, or several: most futures have zero or one. */
  #callbacks: ((future: Future<T>) => void) | Array<(future: Future<T>) => void> | undefined;
  #resolve: ((value: T) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;
  #onCancel: ((future: Future<T>) => boolean) | undefined;

  /**
   * @param onCancel asked, synchronously, when {@link Future.cancel} is called on a PENDING future:
   * the executor withdraws the work and returns true, or returns false when the work has in fact
   * already started (the future then becomes RUNNING and `cancel()` returns false).
   */
  constructor(onCancel?: (future: Future<T>) => boolean) {
    super(captureResolvers);
    this.#resolve = newResolve;
    this.#reject = newReject;
    newResolve = newReject = undefined;
    this.#onCancel = onCancel;
    const prototype = new.target.prototype;
    if (prototype.constructor !== Promise) adoptableByAwait(prototype);
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
    const onCancel = this.#onCancel;
    let withdrawn = true;
    try {
      withdrawn = onCancel === undefined || onCancel(this);
    } finally {
      // An executor's hook that throws still leaves a cancelled future whose waiters settle.
      if (withdrawn) {
        this.#failed = true;
        this.#outcome = new CancelledError();
        this.#finishWith('CANCELLED');
      } else {
        this.#state = 'RUNNING';
      }
    }
    return withdrawn;
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
    return this.#state === 'FINISHED' && this.#failed;
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
    if (this.done()) {
      checkTimeout(options?.timeout);
      checkSignal(options?.signal);
      return this; // the outcome is known: no deadline or signal can change it
    }
    return waitWithin(this, options, 'the future did not finish');
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
        if (this.#state === 'FINISHED' && this.#failed && this.#outcome === error) return error;
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
    const callbacks = this.#callbacks;
    if (callbacks === undefined) this.#callbacks = fn;
    else if (typeof callbacks === 'function') this.#callbacks = [callbacks, fn];
    else callbacks.push(fn);
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
    this.#assertNotDone();
    this.#outcome = value;
    this.#finishWith('FINISHED');
  }

  /** Completes the future with an error. For executor implementations. */
  setException(error: unknown): void {
    this.#assertNotDone();
    this.#failed = true;
    this.#outcome = error;
    this.#finishWith('FINISHED');
  }

  override get [Symbol.toStringTag](): string {
    return `Future ${this.#state}`;
  }

  #assertNotDone(): void {
    if (this.done()) throw new InvalidStateError(`cannot complete a future that is already ${this.#state}`);
  }

  #finishWith(state: 'FINISHED' | 'CANCELLED'): void {
    this.#state = state;
    this.#onCancel = undefined;
    if (this.#failed) {
      // A handler of our own first, so that a failure nobody awaits is not an unhandled rejection.
      nativeThen.call(this, undefined, ignore);
      this.#reject!(this.#outcome);
    } else this.#resolve!(this.#outcome as T);
    this.#resolve = undefined;
    this.#reject = undefined;
    const callbacks = this.#callbacks;
    this.#callbacks = undefined;
    if (typeof callbacks === 'function') this.#invoke(callbacks);
    else if (callbacks) for (const fn of callbacks) this.#invoke(fn);
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
}

// Promise's static helpers build their promise with `new this(executor)`; inherited as they are,
// `Future.all(…)` would call the Future constructor, which takes no executor. They make plain
// Promises instead, exactly as `Promise.all(…)` does.
for (const name of ['resolve', 'reject', 'all', 'allSettled', 'any', 'race', 'withResolvers', 'try']) {
  const helper = (Promise as unknown as Record<string, unknown>)[name];
  if (typeof helper === 'function') {
    Object.defineProperty(Future, name, { value: helper.bind(Promise), writable: true, configurable: true });
  }
}

/**
 * `await` and `Promise.all` take a promise as it is only when its `constructor` is `Promise`;
 * any other constructor makes them wrap it in a new promise and call its `then` from a job
 * (about 0.4 KB and two more microtask turns per awaited future). So every Future class answers
 * `Promise` to `constructor`, set on its prototype by its first construction; derived promises (`then`,
 * `catch`, `finally`) are then plain Promises too.
 */
function adoptableByAwait(prototype: object): void {
  Object.defineProperty(prototype, 'constructor', { value: Promise, writable: true, configurable: true });
}
