import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isTypeScriptUrl, stripsTypesNatively } from './typescript-files.ts';
import { askCompiled, typeScriptServed } from './typescript-service.ts';

/**
 * Finds tsx's ESM registration API, looking from spindle's own location first and then from
 * `fromUrl` (the module about to be imported), so tsx stays a dependency of the user's project
 * only. Returns undefined when tsx is not installed.
 */
export function resolveTsxApi(fromUrl?: string): string | undefined {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    if (fromUrl === undefined || !fromUrl.startsWith('file:')) return undefined;
  }
  try {
    const packageJson = createRequire(fromUrl).resolve('tsx/package.json');
    const exports = JSON.parse(readFileSync(packageJson, 'utf8')).exports?.['./esm/api']?.import;
    const target = typeof exports === 'string' ? exports : exports?.default;
    return typeof target === 'string' ? new URL(target, pathToFileURL(packageJson)).href : undefined;
  } catch {
    return undefined;
  }
}

/** Set by the worker bootstrap when it has already registered tsx for spindle's own sources. */
export const TSX_REGISTERED = Symbol.for('spindle.tsx-registered');

let registered: Promise<void> | undefined;

/**
 * The URL to import for the module at `moduleUrl` in this thread: itself where no loader is
 * needed (JavaScript, Node strips types, tsx already registered); where Node cannot strip types,
 * the copy compiled by the process that started this worker, if it serves one; otherwise itself
 * after registering tsx (once), since tsx's loader does not reach worker threads by itself, even
 * with `--import tsx` in execArgv.
 *
 * @example
 * ```ts
 * await import(await importableUrl('file:///app/tasks.ts'));
 * ```
 */
export async function importableUrl(moduleUrl: string): Promise<string> {
  if (
    !isTypeScriptUrl(moduleUrl) ||
    (globalThis as { [TSX_REGISTERED]?: boolean })[TSX_REGISTERED] ||
    stripsTypesNatively()
  ) {
    return moduleUrl;
  }
  if (typeScriptServed()) {
    const compiled = await askCompiled(moduleUrl);
    if (compiled !== undefined) {
      // Stack traces name the .ts source lines, as under tsx (the compiled files map to them).
      process.setSourceMapsEnabled(true);
      return compiled;
    }
  }
  registered ??= registerTsx(moduleUrl);
  await registered;
  return moduleUrl;
}

async function registerTsx(moduleUrl: string): Promise<void> {
  const api = resolveTsxApi(moduleUrl);
  if (api === undefined) {
    throw new Error(
      `it is TypeScript, this Node (${process.version}) cannot strip types (Node >= 22.18 can) and tsx is not installed (npm i -D tsx), or compile it to .js`,
    );
  }
  const { register } = (await import(api)) as { register: () => unknown };
  register();
}

/** Node's codes for a `.ts` module its type stripping cannot load. */
const STRIP_FAILURES: Record<string, string> = {
  ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX:
    "it uses TypeScript syntax that Node's type stripping cannot erase (enum, namespace, parameter property…): " +
    'use erasable syntax (e.g. a const object instead of an enum), run node with --experimental-transform-types, or compile the module to .js',
  ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING:
    'Node does not strip types from files under node_modules: compile the module to .js',
};

/**
 * What to do about a `.ts` module that Node's own type stripping failed on, or undefined when
 * the import failed for another reason.
 *
 * @example
 * ```ts
 * const hint = typeScriptImportHint(error); // "it uses TypeScript syntax that … cannot erase …"
 * ```
 */
export function typeScriptImportHint(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? STRIP_FAILURES[code] : undefined;
}
