import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const TS_EXTENSION = /\.(ts|mts|cts|tsx)$/;

/** True when importing `url` needs a TypeScript loader. */
export function needsTypeScript(url: string): boolean {
  return TS_EXTENSION.test(new URL(url).pathname);
}

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
 * Registers tsx in this thread (once) so that `.ts` task modules can be imported. tsx's loader
 * does not reach worker threads by itself, even with `--import tsx` in execArgv.
 */
export function ensureTypeScript(moduleUrl: string): Promise<void> {
  if ((globalThis as { [TSX_REGISTERED]?: boolean })[TSX_REGISTERED]) return Promise.resolve();
  registered ??= (async () => {
    const api = resolveTsxApi(moduleUrl);
    if (api === undefined) {
      throw new Error(
        `cannot import ${moduleUrl} in a worker: it is TypeScript and tsx is not installed (npm i -D tsx), or compile it to .js`,
      );
    }
    const { register } = (await import(api)) as { register: () => unknown };
    register();
  })();
  return registered;
}
