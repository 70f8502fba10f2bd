/**
 * One GET or HEAD request that follows redirects by hand, so each hop is recorded (both methods
 * stay what they are across 301/302/303/307/308); at most `maxRedirects` hops, then
 * {@link TooManyRedirectsError} (which also ends a redirect loop).
 *
 * A HEAD keeps its connection for the next request, as curl and node:http do (undici closes it
 * by default, in case a broken server sends a body anyway): without that, checking 500 URLs
 * opened 500 connections.
 */
import { type Dispatcher, request } from 'undici';

/** The largest number of redirects followed. */
export const MAX_REDIRECTS = 10;

/** One redirect: where it came from, its status and where it pointed. */
export interface Hop {
  url: string;
  status: number;
  location: string;
}

/** More redirects than allowed (a loop, usually). */
export class TooManyRedirectsError extends Error {
  override name = 'TooManyRedirectsError';
  readonly code = 'ERR_TOO_MANY_REDIRECTS';
}

/** Options of {@link follow}. */
export interface FollowOptions {
  dispatcher: Dispatcher;
  method: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal: AbortSignal;
  maxRedirects?: number;
}

/** The final response, its URL, and the hops that led there. */
export interface Followed {
  response: Dispatcher.ResponseData;
  url: URL;
  hops: Hop[];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Sends the request and follows redirects; the caller consumes or dumps the final body. */
export async function follow(start: URL, options: FollowOptions): Promise<Followed> {
  const max = options.maxRedirects ?? MAX_REDIRECTS;
  const hops: Hop[] = [];
  let url = start;
  for (;;) {
    const response = await request(url, {
      dispatcher: options.dispatcher,
      method: options.method,
      headers: options.headers,
      signal: options.signal,
      ...(options.method === 'HEAD' ? { reset: false } : {}),
    });
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode) || typeof location !== 'string') {
      return { response, url, hops };
    }
    await response.body.dump();
    const next = new URL(location, url);
    hops.push({ url: url.href, status: response.statusCode, location: next.href });
    if (hops.length > max)
      throw new TooManyRedirectsError(`more than ${max} redirects (last to ${next.href})`);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new TypeError(`redirect to a non-http URL: ${next.href}`);
    }
    url = next;
  }
}

/** Abandons a response body without reading it (the connection is closed, never reused). */
export function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}
