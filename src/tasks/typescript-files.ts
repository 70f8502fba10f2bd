/**
 * What counts as TypeScript and whether this Node loads it alone: the facts every part of the
 * `.ts` task-module support (loader, compiler, compile service) decides by.
 */

/** The extensions of TypeScript modules. */
export const TYPESCRIPT_FILE = /\.(ts|mts|cts|tsx)$/;

/**
 * True when importing the module at `url` needs a TypeScript loader.
 *
 * @example
 * ```ts
 * isTypeScriptUrl('file:///app/tasks.ts'); // true
 * ```
 */
export function isTypeScriptUrl(url: string): boolean {
  return TYPESCRIPT_FILE.test(new URL(url).pathname);
}

/**
 * True when this Node imports `.ts` modules itself (built-in type stripping: Node ≥ 22.18 /
 * 23.6, or an older 22 with `--experimental-strip-types`), so no loader has to be registered.
 *
 * @example
 * ```ts
 * if (!stripsTypesNatively()) console.log('run through tsx, or compile to .js');
 * ```
 */
export function stripsTypesNatively(): boolean {
  return Boolean((process.features as { typescript?: string | false }).typescript);
}
