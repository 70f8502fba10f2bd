import { AsyncLocalStorage } from 'node:async_hooks';
import { CancelledError, InvalidStateError } from '../errors.ts';
import { Future } from '../futures/future.ts';

/** Options of {@link createTask}. */
export interface CreateTaskOptions {
  /** A name for logs and errors (default `Task-<n>`, as in Python). */
  name?: string;
}

/** The work a task runs: it receives the signal that aborts when the task is cancelled. */
export type TaskFunction<T> = (signal: AbortSignal) => T | PromiseLike<T>;

const STORE = Symbol.for('spindle.asyncio.current-task');
const holder = globalThis as { [STORE]?: AsyncLocalStorage<Task<unknown>> };
holder[STORE] ??= new AsyncLocalStorage<Task<unknown>>();
const store = holder[STORE];
let counter = 0;

/** A Future that tracks a task's outcome, for the helpers that reuse `spindle/futures` (wait, asCompleted). */
const futures = new WeakMap<Task<unknown>, Future<any>>();

/** The internal Future of a task (settles when the task finishes). */
export function taskFuture<T>(task: Task<T>): Future<T> {
  return futures.get(task as Task<unknown>) as Future<T>;
}

/**
 * A piece of async work started with {@link createTask}: Python's `asyncio.Task`, and a
 * `PromiseLike`, so `await task` gives its value or throws its error. The work starts on the next
 * microtask (a task cancelled before that never runs). `cancel()` aborts the signal the work
 * received; the task ends cancelled when the work then rejects with a `CancelledError` (the
 * signal's reason) — work that ignores its signal simply runs to completion, as a Python
 * coroutine that swallows `CancelledError` does.
 *
 * @example
 * ```ts
 * const task = createTask(async (signal) => { await sleep(1000, { signal }); return 42; });
 * task.cancel();
 * await task.catch((e) => e.name); // 'CancelledError'
 * task.cancelled(); // true
 * ```
 */
export class Task<T> implements PromiseLike<T> {
  /** The task's name. */
  readonly name: string;
  readonly #controller = new AbortController();
  #done = false;
  #failed = false;
  #value: T | undefined;
  #error: unknown;
  #promise: Promise<T> | undefined;
  #settle: (() => void) | undefined;

  /** Use {@link createTask}; the constructor is its implementation. */
  constructor(fn: TaskFunction<T>, options: CreateTaskOptions = {}) {
    if (typeof fn !== 'function') throw new TypeError('createTask expects a function (signal) => value');
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    if (options.name !== undefined && typeof options.name !== 'string') {
      throw new TypeError('name must be a string');
    }
    this.name = options.name ?? `Task-${++counter}`;
    futures.set(this as Task<unknown>, new Future<T>());
    queueMicrotask(() => this.#run(fn));
  }

  /** Aborts when the task is cancelled; pass it on to whatever the task awaits. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * Requests cancellation: aborts the task's signal with a `CancelledError` (made from `reason`
   * when it is a string or another value). Returns false when the task is already done.
   *
   * @example
   * ```ts
   * task.cancel('no longer needed');
   * ```
   */
  cancel(reason?: unknown): boolean {
    if (this.#done) return false;
    if (!this.#controller.signal.aborted) {
      this.#controller.abort(
        reason instanceof CancelledError
          ? reason
          : new CancelledError(typeof reason === 'string' ? reason : `${this.name} was cancelled`, {
              cause: reason,
            }),
      );
    }
    return true;
  }

  /** True once the task ended with a `CancelledError`. */
  cancelled(): boolean {
    return this.#done && this.#failed && this.#error instanceof CancelledError;
  }

  /** True once the task finished, failed or was cancelled. */
  done(): boolean {
    return this.#done;
  }

  /**
   * The task's value, synchronously (Python's `Task.result()`): throws the task's error, or
   * `InvalidStateError` while it is not done. `await task` is the waiting form.
   *
   * @example
   * ```ts
   * if (task.done()) console.log(task.result());
   * ```
   */
  result(): T {
    if (!this.#done) throw new InvalidStateError(`${this.name} is not done`);
    if (this.#failed) throw this.#error;
    return this.#value as T;
  }

  /**
   * The task's error, or undefined when it succeeded; throws when cancelled or not done.
   *
   * @example
   * ```ts
   * const err = task.exception();
   * ```
   */
  exception(): unknown {
    if (!this.#done) throw new InvalidStateError(`${this.name} is not done`);
    if (this.cancelled()) throw this.#error;
    return this.#failed ? this.#error : undefined;
  }

  /**
   * Calls `fn(task)` once the task is done (at once if it is).
   *
   * @example
   * ```ts
   * task.addDoneCallback((t) => console.log(t.name, 'done'));
   * ```
   */
  addDoneCallback(fn: (task: Task<T>) => void): void {
    if (typeof fn !== 'function') throw new TypeError('addDoneCallback expects a function');
    taskFuture(this).addDoneCallback(() => fn(this));
  }

  // biome-ignore lint/suspicious/noThenProperty: a Task is deliberately PromiseLike.
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#settled().then(onFulfilled, onRejected);
  }

  /** Like `Promise.prototype.catch`. */
  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#settled().catch(onRejected);
  }

  /** Like `Promise.prototype.finally`. */
  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.#settled().finally(onFinally);
  }

  get [Symbol.toStringTag](): string {
    return `Task ${this.name}`;
  }

  #run(fn: TaskFunction<T>): void {
    const signal = this.#controller.signal;
    if (signal.aborted) {
      this.#finish(true, signal.reason);
      return;
    }
    let result: T | PromiseLike<T>;
    try {
      result = store.run(this as Task<unknown>, fn, signal);
    } catch (error) {
      this.#finish(true, error);
      return;
    }
    Promise.resolve(result).then(
      (value) => this.#finish(false, value),
      (error) => this.#finish(true, error),
    );
  }

  #finish(failed: boolean, outcome: unknown): void {
    this.#done = true;
    this.#failed = failed;
    if (failed) this.#error = outcome;
    else this.#value = outcome as T;
    // Settle the promise (if anyone awaits) before the done-callbacks run.
    this.#settle?.();
    this.#settle = undefined;
    // A cancelled task's Future is CANCELLED, not failed: wait(FIRST_EXCEPTION) ignores it, as asyncio does.
    if (failed && outcome instanceof CancelledError) taskFuture(this).cancel();
    else if (failed) taskFuture(this).setException(outcome);
    else taskFuture(this).setResult(outcome as T);
  }

  /** Created only when someone awaits, so an unobserved failed task never raises unhandledRejection. */
  #settled(): Promise<T> {
    if (this.#promise) return this.#promise;
    if (this.#done) {
      this.#promise = this.#failed ? Promise.reject(this.#error) : Promise.resolve(this.#value as T);
      return this.#promise;
    }
    this.#promise = new Promise<T>((resolve, reject) => {
      this.#settle = () => (this.#failed ? reject(this.#error) : resolve(this.#value as T));
    });
    return this.#promise;
  }
}

/**
 * Starts `fn(signal)` as a {@link Task} on the next microtask: Python's `asyncio.create_task`.
 *
 * @example
 * ```ts
 * import { createTask, sleep } from 'spindle/asyncio';
 * const t1 = createTask(() => sleep(1000).then(() => console.log('hello')));
 * const t2 = createTask(() => sleep(2000).then(() => console.log('world')));
 * console.log('Started tasks');
 * await t1; await t2; // about 2 s in all
 * ```
 */
export function createTask<T>(fn: TaskFunction<T>, options?: CreateTaskOptions): Task<Awaited<T>> {
  return new Task(fn as TaskFunction<Awaited<T>>, options);
}

/**
 * The {@link Task} whose work is running (across its awaits), or undefined outside any task.
 * Python's `asyncio.current_task()`. (Inside a pool worker, `currentTask` from `spindle` is the
 * pool task's context; this one is `spindle/asyncio`'s.)
 *
 * @example
 * ```ts
 * createTask(async () => console.log(currentTask()?.name), { name: 'worker-1' }); // worker-1
 * ```
 */
export function currentTask(): Task<unknown> | undefined {
  return store.getStore();
}
