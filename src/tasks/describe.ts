import { taskRefOf } from './task.ts';

/** How a worker finds a task: a module export by name, or the source of a self-contained function. */
export type TaskDefinition =
  | { readonly kind: 'module'; readonly moduleUrl: string; readonly name: string }
  | { readonly kind: 'inline'; readonly source: string; readonly name: string };

/** A task as the pool sees it: a process-wide id (so each worker receives the definition once). */
export interface TaskDescriptor {
  readonly id: number;
  readonly definition: TaskDefinition;
}

const descriptors = new WeakMap<Function, TaskDescriptor>();
let nextId = 1;

/**
 * Describes `fn` for shipping to a worker, once per function (cached). Throws a TypeError for
 * what cannot be shipped: non-functions, native or bound functions, classes, method shorthand.
 */
export function describeTask(fn: unknown, what = 'task'): TaskDescriptor {
  if (typeof fn !== 'function') {
    throw new TypeError(
      `${what} must be a function made with defineTask or a self-contained inline function`,
    );
  }
  const cached = descriptors.get(fn);
  if (cached) return cached;
  const ref = taskRefOf(fn);
  const definition: TaskDefinition = ref
    ? { kind: 'module', moduleUrl: ref.moduleUrl, name: ref.name }
    : { kind: 'inline', source: inlineSource(fn, what), name: fn.name || 'anonymous' };
  const descriptor = { id: nextId++, definition };
  descriptors.set(fn, descriptor);
  return descriptor;
}

function inlineSource(fn: Function, what: string): string {
  const source = Function.prototype.toString.call(fn);
  const hint = 'wrap a module-level function with defineTask(import.meta.url, fn)';
  if (/\{\s*\[native code\]\s*\}$/.test(source)) {
    throw new TypeError(`${what} is a native or bound function and cannot be sent to a worker; ${hint}`);
  }
  if (/^class\b/.test(source)) throw new TypeError(`${what} is a class, not a function; ${hint}`);
  try {
    // Compiles only (never runs): proves the source is a standalone function expression.
    new Function('__name', `"use strict"; return (${source});`);
  } catch {
    throw new TypeError(
      `${what} cannot be sent as inline source (a method shorthand or otherwise not a standalone function expression); ${hint}`,
    );
  }
  return source;
}
