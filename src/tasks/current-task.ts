import { AsyncLocalStorage } from 'node:async_hooks';

/** What a running task can learn about itself. */
export interface TaskContext {
  /** Aborts when the task is cancelled or times out; long or async tasks should watch it. */
  readonly signal: AbortSignal;
  /** The task's name (its defineTask name, or the inline function's name). */
  readonly name: string;
}

const STORE = Symbol.for('spindle.current-task');

/** One store per thread, shared by every copy of spindle loaded in it. */
export function taskContextStore(): AsyncLocalStorage<TaskContext> {
  const holder = globalThis as { [STORE]?: AsyncLocalStorage<TaskContext> };
  holder[STORE] ??= new AsyncLocalStorage<TaskContext>();
  return holder[STORE];
}

/**
 * The context of the task running on this thread (inside a worker), or undefined outside a task.
 *
 * @example
 * ```ts
 * export const slow = defineTask(import.meta.url, async function slow(ms: number) {
 *   const { signal } = currentTask()!;
 *   await setTimeout(ms, undefined, { signal }); // stops early when the future is cancelled
 * });
 * ```
 */
export function currentTask(): TaskContext | undefined {
  return taskContextStore().getStore();
}
