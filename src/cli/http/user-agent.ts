/** The `User-Agent` the network tools send: `spindle/<version>`, as curl and wget2 name themselves. */
import { packageVersion } from '../version.ts';

/**
 * `spindle/<version>` from the package's own package.json.
 *
 * @example
 * new HttpClient({ perHost: 8, timeoutMs: 30_000, headers: { 'user-agent': userAgent() } });
 */
export function userAgent(): string {
  return `spindle/${packageVersion()}`;
}
