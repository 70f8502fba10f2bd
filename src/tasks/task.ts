import { TaskDefinitionError } from '../errors.ts';

/** Marks a function made by {@link defineTask}; `Symbol.for` so that two copies of spindle agree. */
export const TASK_REF = Symbol.for('spindle.task');

/** Where a named task lives: the module that defines it and its name there. */
export interface TaskRef {
  readonly moduleUrl: string;
  readonly name: string;
}

/**
 * A function that can run on another thread or process because it is named, not closed over.
 * It is still an ordinary function: calling it runs it here.
 */
export type Task<A extends unknown[], R> = ((...args: A) => R) & { readonly [TASK_REF]: TaskRef };

/** Options of {@link defineTask}. */
export interface DefineTaskOptions {
  /** The name the worker looks the task up by; defaults to `fn.name`. Unique within its module. */
  name?: string;
}

type Registry = Map<string, Function>;
const REGISTRY = Symbol.for('spindle.task-registry');

/** The per-thread table of defined tasks, shared by every copy of spindle loaded in the thread. */
export function taskRegistry(): Registry {
  const holder = globalThis as { [REGISTRY]?: Registry };
  holder[REGISTRY] ??= new Map();
  return holder[REGISTRY];
}

/** The registry key of a task. */
export function taskKey(ref: TaskRef): string {
  return `${ref.moduleUrl}#${ref.name}`;
}

/**
 * Makes `fn` a task that executors can run in a worker: the worker imports `moduleUrl` (pass
 * `import.meta.url`) and finds the same function by name. Argument and result types flow
 * into `submit`, `map` and the returned `Future`. Works for `.ts` modules under tsx and for `.js`.
 * An arrow function passed as an argument has no name of its own: give it one as the second
 * argument, `defineTask(import.meta.url, 'square', (x: number) => x * x)`.
 *
 * @example
 * ```ts
 * // tasks.ts
 * export const isPrime = defineTask(import.meta.url, function isPrime(n: number): boolean {
 *   if (n < 2) return false;
 *   for (let i = 2; i * i <= n; i++) if (n % i === 0) return false;
 *   return true;
 * });
 * export const square = defineTask(import.meta.url, 'square', (x: number) => x * x);
 * // main.ts
 * const f = pool.submit(isPrime, 97); // Future<boolean>
 * ```
 */
export function defineTask<A extends unknown[], R>(
  moduleUrl: string,
  fn: (...args: A) => R,
  options?: DefineTaskOptions,
): Task<A, R>;
export function defineTask<A extends unknown[], R>(
  moduleUrl: string,
  name: string,
  fn: (...args: A) => R,
): Task<A, R>;
export function defineTask<A extends unknown[], R>(
  moduleUrl: string,
  fnOrName: ((...args: A) => R) | string,
  fnOrOptions?: ((...args: A) => R) | DefineTaskOptions,
): Task<A, R> {
  if (typeof moduleUrl !== 'string' || !/^(file|data):/.test(moduleUrl)) {
    throw new TypeError(
      `defineTask needs the module's URL as first argument (pass import.meta.url), got ${String(moduleUrl)}`,
    );
  }
  const named = typeof fnOrName === 'string';
  const fn = named ? fnOrOptions : fnOrName;
  if (typeof fn !== 'function') {
    throw new TypeError(`defineTask needs a function as ${named ? 'third' : 'second'} argument`);
  }
  const options = (named ? {} : (fnOrOptions ?? {})) as DefineTaskOptions;
  if (options === null || typeof options !== 'object')
    throw new TypeError('defineTask options must be an object');
  const name = named ? fnOrName : (options.name ?? fn.name);
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(
      'defineTask needs a name for the worker to find the task by, and an arrow function passed as an ' +
        "argument has none: write defineTask(import.meta.url, 'square', (x) => x * x), or pass a named " +
        'function: defineTask(import.meta.url, function square(x) { return x * x; })',
    );
  }
  if (Object.hasOwn(fn, TASK_REF)) {
    throw new TypeError(`function ${name} is already a task; define it once`);
  }
  const ref: TaskRef = Object.freeze({ moduleUrl, name });
  const registry = taskRegistry();
  const existing = registry.get(taskKey(ref));
  if (existing !== undefined && existing !== fn) {
    throw new TaskDefinitionError(
      'ERR_TASK_DUPLICATE',
      `two tasks named "${name}" in ${moduleUrl}; give each its own name`,
    );
  }
  registry.set(taskKey(ref), fn);
  Object.defineProperty(fn, TASK_REF, { value: ref, enumerable: false });
  return fn as Task<A, R>;
}

/** The reference of a function made by {@link defineTask}, or undefined for any other function. */
export function taskRefOf(fn: Function): TaskRef | undefined {
  return (fn as { [TASK_REF]?: TaskRef })[TASK_REF];
}
