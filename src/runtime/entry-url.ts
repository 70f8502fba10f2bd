/**
 * spindle's entry module `name` in its runtime folder: `.ts` when running from src/, `.js` from
 * dist/. The path climbs out of this file's folder first, because in the bundled dist/ this code
 * sits in a chunk (dist/chunks/), one level down like src/runtime/ (the build checks it).
 *
 * @example
 * ```ts
 * new Worker(new URL(entryUrl('thread-entry')));
 * ```
 */
export function entryUrl(name: string): string {
  const extension = import.meta.url.slice(import.meta.url.lastIndexOf('.'));
  return new URL(`../runtime/${name}${extension}`, import.meta.url).href;
}
