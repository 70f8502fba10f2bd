import { TaskDefinitionError } from '../errors.ts';
import type { TaskDefinition } from './describe.ts';
import { importing } from './main-script.ts';
import { taskKey, taskRegistry } from './task.ts';
import { importableUrl, typeScriptImportHint } from './typescript-loader.ts';

/** esbuild (tsx) wraps named functions in `__name(fn, "name")`; shipped source needs the helper. */
const nameHelper = (target: Function, value: string) =>
  Object.defineProperty(target, 'name', { value, configurable: true });

/**
 * Worker side: turns a task definition into the function to call. Module tasks are imported
 * (`.ts` ones natively where Node strips types, else through tsx); inline tasks are compiled from
 * their source in an empty scope.
 */
export async function resolveTask(definition: TaskDefinition): Promise<Function> {
  if (definition.kind === 'inline') return compileInline(definition.source);
  const { moduleUrl, name } = definition;
  try {
    const url = await importableUrl(moduleUrl);
    await importing(moduleUrl, () => import(url));
  } catch (error) {
    const hint = typeScriptImportHint(error);
    throw new TaskDefinitionError(
      'ERR_TASK_IMPORT',
      `cannot import task module ${moduleUrl}: ${hint ?? (error as Error)?.message}`,
      { cause: error },
    );
  }
  const fn = taskRegistry().get(taskKey(definition));
  if (fn === undefined) {
    throw new TaskDefinitionError(
      'ERR_TASK_NOT_FOUND',
      `${moduleUrl} defines no task named "${name}"; call defineTask(import.meta.url, fn) at the module's top level`,
    );
  }
  return fn;
}

export function compileInline(source: string): Function {
  return new Function('__name', `"use strict"; return (${source});`)(nameHelper) as Function;
}

/**
 * An inline task that reads a variable the worker does not have was a closure: explain that
 * instead of surfacing a bare ReferenceError.
 */
export function explainClosureError(error: unknown, taskName: string): unknown {
  let missing: string | undefined;
  try {
    if (error instanceof ReferenceError) missing = /^(\S+) is not defined$/.exec(error.message)?.[1];
  } catch {
    return error; // unreadable: serializeError sends a stand-in for it
  }
  if (missing === undefined) return error;
  return new TaskDefinitionError(
    'ERR_TASK_CLOSURE',
    `inline task ${taskName} uses "${missing}", which does not exist in the worker: inline functions must be ` +
      `self-contained because closures cannot cross threads. Pass "${missing}" as an argument, or move the ` +
      'function to a module and wrap it with defineTask(import.meta.url, fn).',
    { cause: error },
  );
}
