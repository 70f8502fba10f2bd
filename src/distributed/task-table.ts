import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TaskDefinitionError } from '../errors.ts';
import { taskRefOf, taskRegistry } from '../tasks/task.ts';
import { importableUrl } from '../tasks/typescript-loader.ts';

/**
 * The tasks a worker may run, by registered name: exactly those defined (with `defineTask`) by
 * the modules it was started with and what they import. Nothing else can run — no code ever
 * travels over Redis.
 *
 * @example
 * ```ts
 * const table = await loadTaskTable(['./tasks.js']);
 * table.get('isPrime'); // the function
 * ```
 */
export async function loadTaskTable(modules: readonly string[]): Promise<Map<string, Function>> {
  if (!Array.isArray(modules) || modules.length === 0) {
    throw new TypeError('tasks must list at least one module (a path or file: URL) that defines tasks');
  }
  const registry = taskRegistry();
  const before = new Set(registry.keys());
  for (const spec of modules) {
    const url = toUrl(spec);
    const loadable = await importableUrl(url);
    try {
      await import(loadable);
    } catch (error) {
      throw new TaskDefinitionError('ERR_TASK_IMPORT', `cannot import task module ${spec}`, { cause: error });
    }
  }
  const table = new Map<string, Function>();
  for (const [key, fn] of registry) {
    if (before.has(key) && !modules.some((m) => key.startsWith(`${toUrl(m)}#`))) continue;
    const name = taskRefOf(fn)?.name ?? key.slice(key.lastIndexOf('#') + 1);
    const other = table.get(name);
    if (other !== undefined && other !== fn) {
      throw new TaskDefinitionError(
        'ERR_TASK_DUPLICATE',
        `two task modules define a task named "${name}"; task names must be unique among a worker's modules ` +
          '(give one of them defineTask(…, { name }))',
      );
    }
    table.set(name, fn);
  }
  if (table.size === 0) {
    throw new TaskDefinitionError(
      'ERR_TASK_NOT_FOUND',
      `${modules.join(', ')} define no tasks; wrap functions with defineTask(import.meta.url, fn)`,
    );
  }
  return table;
}

function toUrl(spec: string): string {
  if (/^(file|data):/.test(spec)) return spec;
  return pathToFileURL(isAbsolute(spec) ? spec : resolve(spec)).href;
}
