import { AsyncLocalStorage } from 'node:async_hooks';
import { CancelledError, InvalidStateError } from '../errors.ts';
import { abortReason, checkSignal } from '../futures/wait-options.ts';
import { ExceptionGroup } from './exception-group.ts';
import { type CreateTaskOptions, createTask, currentTask, type Task, type TaskFunction } from './task.ts';

/** Options of {@link TaskGroup}. */
export interface TaskGroupOptions {
  /**
   * The parent's cancellation: when it aborts, every task of the group is cancelled and the
   * group then throws its reason. Defaults to the innermost enclosing cancellation: the body of
   * a {@link TaskGroup.run} or the current asyncio task, if any.
   */
  signal?: AbortSignal;
}

/** The body of a {@link TaskGroup.run}: its group's signal, and the task that was current when it began. */
interface BodyScope {
  signal: AbortSignal;
  task: Task<unknown> | undefined;
}

const SCOPE = Symbol.for('spindle.asyncio.task-group-body');
const holder = globalThis as { [SCOPE]?: AsyncLocalStorage<BodyScope> };
holder[SCOPE] ??= new AsyncLocalStorage<BodyScope>();
const bodies = holder[SCOPE];

/** The signal of the innermost enclosing group body or asyncio task. */
function enclosingSignal(): AbortSignal | undefined {
  const task = currentTask();
  const body = bodies.getStore();
  // A task started inside the body is nested deeper than the body itself.
  return body !== undefined && body.task === task ? body.signal : task?.signal;
}

/**
 * Structured concurrency: Python's `asyncio.TaskGroup`. Tasks created in the group are awaited
 * when the group closes (`await using`, or {@link TaskGroup.run}). The first task that fails
 * cancels every other task of the group; once all have finished, the group throws one
 * {@link ExceptionGroup} carrying every failure (tasks that merely ended cancelled are not
 * failures). Cancelling the parent cancels the children.
 *
 * As in Python, the body is cancelled too: {@link TaskGroup.signal} (also the second argument of
 * the {@link TaskGroup.run} body) aborts with a `CancelledError` as soon as the group starts
 * cancelling; a group created inside a `run` body takes that body's cancellation as its parent.
 * Node cannot interrupt running code, so the body must pass the signal to what it awaits.
 *
 * With `await using`, the group cannot see an error thrown by the block's own code: its tasks
 * still run to completion, and a group nested in the block does not know its parent (pass
 * `{ signal: outer.signal }`). {@link TaskGroup.run} sees the error, cancels the tasks at once
 * and includes it in the ExceptionGroup — prefer it when the body may throw.
 *
 * @example
 * ```ts
 * import { TaskGroup, sleep } from 'spindle/asyncio';
 * {
 *   await using tg = new TaskGroup();
 *   tg.createTask((signal) => sleep(100, { signal, value: 'a' }));
 *   tg.createTask((signal) => sleep(200, { signal, value: 'b' }));
 * } // both done here, or an ExceptionGroup was thrown
 * ```
 */
export class TaskGroup implements AsyncDisposable {
  readonly #tasks = new Set<Task<unknown>>();
  readonly #errors: unknown[] = [];
  readonly #parent: AbortSignal | undefined;
  readonly #controller = new AbortController();
  #aborting = false;
  #closed = false;
  #idle: (() => void) | undefined;
  readonly #onParentAbort = () => this.#abort();

  constructor(options: TaskGroupOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    this.#parent = checkSignal(options.signal) ?? enclosingSignal();
    if (this.#parent?.aborted) this.#abort();
    else this.#parent?.addEventListener('abort', this.#onParentAbort, { once: true });
  }

  /**
   * Runs `body(group, signal)` and closes the group: resolves with the body's value once every
   * task finished, or throws the {@link ExceptionGroup} of every failure, the body's included.
   * `signal` is {@link TaskGroup.signal}: it aborts when a task fails or the parent is cancelled,
   * so the body is cancelled with its siblings, as in Python (a `CancelledError` it then throws
   * is not a failure).
   *
   * @example
   * ```ts
   * const [a, b] = await TaskGroup.run(async (tg, signal) => {
   *   const x = tg.createTask(() => fetchA());
   *   const y = tg.createTask(() => fetchB());
   *   await sleep(100, { signal }); // cancelled if fetchA or fetchB fails
   *   return [x, y] as const;
   * }).then(([x, y]) => [x.result(), y.result()]);
   * ```
   */
  static async run<R>(
    body: (group: TaskGroup, signal: AbortSignal) => R | PromiseLike<R>,
    options?: TaskGroupOptions,
  ): Promise<R> {
    if (typeof body !== 'function') throw new TypeError('TaskGroup.run expects a function');
    const group = new TaskGroup(options);
    const scope: BodyScope = { signal: group.signal, task: currentTask() };
    let result: R | undefined;
    try {
      result = await bodies.run(scope, body, group, group.signal);
    } catch (error) {
      group.#fail(error);
    }
    await group[Symbol.asyncDispose]();
    return result as R;
  }

  /**
   * Aborts with a `CancelledError` when the group starts cancelling (a task failed, the body of
   * {@link TaskGroup.run} threw, or the parent was cancelled): the body's cancellation.
   *
   * @example
   * ```ts
   * await using tg = new TaskGroup();
   * tg.createTask(mayFail);
   * await sleep(3000, { signal: tg.signal }); // ends early when mayFail fails
   * ```
   */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * Starts `fn(signal)` as a task of this group. Throws `InvalidStateError` once the group is
   * closed or shutting down after a failure.
   *
   * @example
   * ```ts
   * const t = tg.createTask(async (signal) => fetch(url, { signal }), { name: 'fetch' });
   * ```
   */
  createTask<T>(fn: TaskFunction<T>, options?: CreateTaskOptions): Task<Awaited<T>> {
    if (this.#closed) throw new InvalidStateError('the TaskGroup is finished');
    if (this.#aborting) throw new InvalidStateError('the TaskGroup is shutting down');
    const task = createTask(fn, options);
    this.#tasks.add(task);
    task.addDoneCallback(() => {
      this.#tasks.delete(task);
      if (!task.cancelled() && task.exception() !== undefined) this.#fail(task.exception());
      if (this.#tasks.size === 0) this.#idle?.();
    });
    return task;
  }

  /** Waits for every task, then throws the ExceptionGroup of failures or the parent's reason. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#closed) return;
    if (this.#tasks.size > 0) {
      await new Promise<void>((resolve) => {
        this.#idle = resolve;
      });
    }
    this.#closed = true;
    this.#parent?.removeEventListener('abort', this.#onParentAbort);
    if (this.#errors.length > 0) throw new ExceptionGroup('unhandled errors in a TaskGroup', this.#errors);
    if (this.#parent?.aborted) throw abortReason(this.#parent);
  }

  #fail(error: unknown): void {
    if (!(error instanceof CancelledError)) this.#errors.push(error);
    this.#abort();
  }

  #abort(): void {
    this.#aborting = true;
    if (!this.#controller.signal.aborted) {
      this.#controller.abort(new CancelledError('the TaskGroup is shutting down'));
    }
    for (const task of this.#tasks) task.cancel('the TaskGroup is shutting down');
  }
}
