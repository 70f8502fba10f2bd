/**
 * The package's own version, read from its package.json.
 * @module
 */
import { readFileSync } from 'node:fs';

/**
 * spindle's version. The first package.json above this file is ours, whether it runs from
 * src/cli/ (source) or from dist/cli/ or dist/chunks/ (bundled).
 *
 * @example
 * ```ts
 * console.log(packageVersion()); // "0.1.0"
 * ```
 */
export function packageVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (pkg.name === 'spindle') return pkg.version;
    } catch {
      // not at this level
    }
  }
  throw new Error('spindle: its package.json was not found');
}
