/**
 * When and how long to wait before trying a request again: exponential backoff with full jitter
 * (a random delay between 0 and min(cap, base · 2^(n-1))), unless the server said how long with
 * Retry-After (delta-seconds or an HTTP-date). Only transient failures are retried: timeouts,
 * connection errors, and the statuses 408, 429 and 5xx.
 */

/** A response whose status is not a success, with the server's Retry-After (ms) if it sent one. */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status}`);
  }
}

/** The longest Retry-After honoured; a server asking for more makes the failure final. */
export const MAX_RETRY_AFTER_MS = 120_000;
const BASE_MS = 250;
const CAP_MS = 20_000;

/** Error codes of the HTTP client and Node sockets that mean "try again". */
const TRANSIENT_CODES = new Set([
  'ERR_HTTP_TIMEOUT',
  'ERR_HTTP_LOW_SPEED',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
  // The downloader's own: a body shorter than announced, a server that would not continue a range.
  'ERR_SIZE_MISMATCH',
  'ERR_RANGE_RESTART',
]);

/** Parses a Retry-After header into milliseconds from `now`; undefined when absent or malformed. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** True for the statuses worth retrying: 408, 429 and every 5xx. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** A short reason when `error` is transient (worth another attempt), else undefined. */
export function transientReason(error: unknown): string | undefined {
  if (error instanceof HttpStatusError) return retryableStatus(error.status) ? error.message : undefined;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return `${code}: ${(error as Error).message}`;
  return undefined;
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): the server's Retry-After when
 * given, else full-jitter exponential backoff. Undefined when the server asks for too long.
 */
export function retryDelay(attempt: number, retryAfterMs?: number): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs <= MAX_RETRY_AFTER_MS ? retryAfterMs : undefined;
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** (attempt - 1));
  return Math.round(Math.random() * ceiling);
}

/** The message of an error, with its code when it has one. */
export function describeError(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message = (error as Error)?.message ?? String(error);
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
