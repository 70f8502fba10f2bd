/**
 * One GET or HEAD request that follows redirects by hand, so each hop is recorded (both methods
 * stay what they are across 301/302/303/307/308); at most `maxRedirects` hops, then
 * {@link TooManyRedirectsError} (which also ends a redirect loop). A redirect's body is read to
 * its end so its keep-alive connection serves the next hop.
 */
import { SpindleError } from '../../errors.ts';
import { drain, type HttpClient, type Response } from './client.ts';
import { shownUrl } from './urls.ts';

/** The largest number of redirects followed. */
export const MAX_REDIRECTS = 10;

/** One redirect: where it came from, its status and where it pointed. */
export interface Hop {
  url: string;
  status: number;
  location: string;
}

/** More redirects than allowed (a loop, usually). */
export class TooManyRedirectsError extends SpindleError {
  override name = 'TooManyRedirectsError' as const;
  constructor(message: string) {
    super('ERR_TOO_MANY_REDIRECTS', message);
  }
}

/** Options of {@link follow}. */
export interface FollowOptions {
  client: HttpClient;
  method: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal: AbortSignal;
  maxRedirects?: number;
}

/** The final response, its URL, and the hops that led there. */
export interface Followed {
  response: Response;
  url: URL;
  hops: Hop[];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Sends the request and follows redirects; the caller consumes or discards the final body.
 *
 * @example
 * const { response, url, hops } = await follow(new URL('http://127.0.0.1:8080/old'), {
 *   client,
 *   method: 'HEAD',
 *   signal: AbortSignal.timeout(10_000),
 * });
 */
export async function follow(start: URL, options: FollowOptions): Promise<Followed> {
  const max = options.maxRedirects ?? MAX_REDIRECTS;
  const hops: Hop[] = [];
  let url = start;
  for (;;) {
    const response = await options.client.request(url, options);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode) || typeof location !== 'string') {
      return { response, url, hops };
    }
    await drain(response.body);
    const next = new URL(location, url);
    hops.push({ url: shownUrl(url), status: response.statusCode, location: shownUrl(next) });
    if (hops.length > max)
      throw new TooManyRedirectsError(`more than ${max} redirects (last to ${shownUrl(next)})`);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new TypeError(`redirect to a non-http URL: ${shownUrl(next)}`);
    }
    url = next;
  }
}
