import { taskRefOf } from './task.ts';
import { prepareTypeScript } from './typescript-service.ts';

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
  if (ref) prepareTypeScript(ref.moduleUrl);
  const descriptor = { id: nextId++, definition };
  descriptors.set(fn, descriptor);
  return descriptor;
}

/**
 * Helpers that a TypeScript compiler (esbuild under tsx, or tsc) injects at module level when it
 * lowers a syntax for an older target: an inline function that calls one cannot run in a worker,
 * where the helper does not exist. `__name` is not here: workers provide it.
 */
const LOADER_HELPERS: ReadonlyMap<string, string> = new Map([
  ['__using', 'a `using` or `await using` declaration'],
  ['__callDispose', 'a `using` or `await using` declaration'],
  ['__addDisposableResource', 'a `using` or `await using` declaration'],
  ['__disposeResources', 'a `using` or `await using` declaration'],
  ['__awaiter', 'an async function'],
  ['__rest', 'an object rest pattern'],
  ['__decorate', 'a decorator'],
  ['__esDecorate', 'a decorator'],
  ['__classPrivateFieldGet', 'a private class member'],
  ['__classPrivateFieldSet', 'a private class member'],
  ['__decorateClass', 'a decorator'],
  ['__decoratorStart', 'a decorator'],
  ['__runInitializers', 'a decorator'],
  ['__publicField', 'a class field'],
  ['__privateAdd', 'a private class member'],
  ['__privateGet', 'a private class member'],
  ['__privateSet', 'a private class member'],
  ['__privateMethod', 'a private class member'],
]);

/** The syntax behind the first loader helper that `source` calls, if any. */
function loaderHelperIn(source: string): { helper: string; syntax: string } | undefined {
  for (const match of source.matchAll(/\b(__[A-Za-z]+)\s*\(/g)) {
    const syntax = LOADER_HELPERS.get(match[1]!);
    if (syntax !== undefined) return { helper: match[1]!, syntax };
  }
  return undefined;
}

function inlineSource(fn: Function, what: string): string {
  const source = Function.prototype.toString.call(fn);
  const hint = 'wrap a module-level function with defineTask(import.meta.url, fn)';
  if (/\{\s*\[native code\]\s*\}$/.test(source)) {
    throw new TypeError(`${what} is a native or bound function and cannot be sent to a worker; ${hint}`);
  }
  if (/^class\b/.test(source)) throw new TypeError(`${what} is a class, not a function; ${hint}`);
  const lowered = loaderHelperIn(source);
  if (lowered !== undefined) {
    throw new TypeError(
      `inline ${what} ${fn.name || 'anonymous'} uses ${lowered.syntax}, which the TypeScript compiler turned ` +
        `into a call to its module-level helper ${lowered.helper}; an inline function cannot take that helper ` +
        `to a worker. ${hint[0]!.toUpperCase()}${hint.slice(1)} ` +
        '(or write it without that syntax, e.g. try/finally instead of `using`).',
    );
  }
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
