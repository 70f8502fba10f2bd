/** The `User-Agent` the network tools send: `spindle/<version>`, as curl and wget2 name themselves. */
import { readFileSync } from 'node:fs';

/**
 * `spindle/<version>` from the package's own package.json.
 *
 * @example
 * new HttpClient({ perHost: 8, timeoutMs: 30_000, headers: { 'user-agent': userAgent() } });
 */
export function userAgent(): string {
  // From src/cli/http/ (source) or dist/chunks/ (bundled): the first package.json above is ours.
  for (const up of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (pkg.name === 'spindle') return `spindle/${pkg.version}`;
    } catch {
      // not at this level
    }
  }
  return 'spindle';
}
