/** The `User-Agent` the network tools send: `spindle/<version>`, as curl and wget2 name themselves. */
import { readFileSync } from 'node:fs';

/**
 * `spindle/<version>` from the package's own package.json.
 *
 * @example
 * new HttpClient({ perHost: 8, timeoutMs: 30_000, headers: { 'user-agent': userAgent() } });
 */
export function userAgent(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return `spindle/${pkg.version}`;
}
