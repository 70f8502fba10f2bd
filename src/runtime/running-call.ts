import type { TaskContext } from '../tasks/current-task.ts';
import { taskContextStore } from '../tasks/current-task.ts';
import { explainClosureError } from '../tasks/resolve.ts';
import { serializeError } from '../wire/error-codec.ts';
import { RunFlags } from '../wire/protocol.ts';

/** A task as a worker has imported it. */
export interface ResolvedTask {
  fn: Function;
  name: string;
  inline: boolean;
}

/** One call as a worker received it. */
export interface Call {
  callId: number;
  cell: number;
  taskId: number;
  /** The single argument (SINGLE_ARG), or the arguments, or a chunk's items. */
  args: unknown;
  flags: number;
}

/**
 * The context of the running call (what `currentTask()` returns inside the task); its
 * AbortController is only created if the task asks for its signal.
 *
 * @example
 * ```ts
 * const context = new RunningCall(call.callId, task.name);
 * const value = invoke(task, context, call);
 * ```
 */
export class RunningCall implements TaskContext {
  #controller: AbortController | undefined;
  #reason: unknown;
  #aborted = false;

  constructor(
    readonly callId: number,
    readonly name: string,
  ) {}

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}

/** Calls the task with the call's arguments inside its context (so `currentTask()` finds it). */
export function invoke(task: ResolvedTask, context: RunningCall, call: Call): unknown {
  const store = taskContextStore();
  return call.flags & RunFlags.SINGLE_ARG
    ? store.run(context, task.fn as (a: unknown) => unknown, call.args)
    : store.run(context, task.fn as (...a: unknown[]) => unknown, ...(call.args as unknown[]));
}

/** Runs the task over each item; stops at the first error and returns what finished before it. */
export async function runChunk(
  task: ResolvedTask,
  context: TaskContext,
  items: unknown[],
): Promise<[unknown[], unknown]> {
  const results: unknown[] = [];
  const store = taskContextStore();
  for (const item of items) {
    try {
      const value = store.run(context, task.fn as (a: unknown) => unknown, item);
      results.push(isThenable(value) ? await value : value);
    } catch (error) {
      return [results, serializeError(explain(task, error))];
    }
  }
  return [results, undefined];
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** Inline tasks that read a variable the worker lacks were closures: say so. */
export function explain(task: ResolvedTask, error: unknown): unknown {
  return task.inline ? explainClosureError(error, task.name) : error;
}
