/**
 * One URL checked: HEAD (GET when the server answers HEAD with 405 or 501, its body discarded
 * unread), redirects followed by hand so every hop is recorded, latency to the final response's
 * headers, and retries — only when `--retries` asks — on the same transient failures as downloads.
 */

// spindle/asyncio's own modules, not its index: the index also loads the thread pool (toThread).
import { sleep } from '../../asyncio/sleep.ts';
import { discard, drain, type HttpClient } from '../http/client.ts';
import { follow, type Hop } from '../http/follow.ts';
import {
  describeError,
  HttpStatusError,
  parseRetryAfter,
  retryableStatus,
  retryDelay,
  transientReason,
} from '../http/retry.ts';
import { shownUrl } from '../http/urls.ts';
import type { Accept } from './accept.ts';

/** One try at a URL: its final status or error, and its latency to the final headers. */
export interface CheckTry {
  status?: number;
  latencyMs: number;
  error?: string;
}

/** The outcome of one URL. */
export interface CheckResult {
  url: string;
  ok: boolean;
  /** The final status, when a response arrived. */
  status?: number;
  method?: 'HEAD' | 'GET';
  /** Milliseconds from the last attempt's start to the final response's headers. */
  latencyMs: number;
  redirects: Hop[];
  finalUrl?: string;
  attempts: number;
  /** Every try, in order (more than one only with `--retries`). */
  tries: CheckTry[];
  error?: string;
}

/** What every check of a run shares. */
export interface ProbeContext {
  client: HttpClient;
  accept: Accept;
  retries: number;
}

/** Milliseconds to one decimal. */
const tenths = (ms: number) => Math.round(ms * 10) / 10;

async function once(url: URL, context: ProbeContext, signal: AbortSignal) {
  const started = performance.now();
  let method: 'HEAD' | 'GET' = 'HEAD';
  let followed = await follow(url, { client: context.client, method, signal });
  if (followed.response.statusCode === 405 || followed.response.statusCode === 501) {
    await drain(followed.response.body);
    method = 'GET';
    followed = await follow(url, { client: context.client, method, signal });
  }
  const latencyMs = performance.now() - started;
  // Only the status matters: drop the connection rather than read a body nobody needs.
  if (method === 'GET') discard(followed.response.body);
  else await drain(followed.response.body);
  return { ...followed, method, latencyMs };
}

/** Checks `url`; never throws — the outcome is in the result. */
export async function checkOne(url: URL, context: ProbeContext, signal: AbortSignal): Promise<CheckResult> {
  const tries: CheckTry[] = [];
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    try {
      const { response, url: finalUrl, hops, method, latencyMs } = await once(url, context, signal);
      const status = response.statusCode;
      const ok = context.accept(status);
      tries.push({ status, latencyMs: tenths(latencyMs) });
      if (!ok && retryableStatus(status) && attempt <= context.retries) {
        const retryAfter = parseRetryAfter(response.headers['retry-after'] as string | undefined);
        throw new HttpStatusError(status, retryAfter);
      }
      return {
        url: shownUrl(url),
        ok,
        status,
        method,
        latencyMs: tenths(latencyMs),
        redirects: hops,
        finalUrl: shownUrl(finalUrl),
        attempts: attempt,
        tries,
        error: ok ? undefined : `status ${status} not in ${context.accept.text}`,
      };
    } catch (error) {
      const latencyMs = tenths(performance.now() - started);
      const message = signal.aborted ? 'interrupted' : describeError(error);
      if (!(error instanceof HttpStatusError)) tries.push({ latencyMs, error: message });
      const failed = (): CheckResult => ({
        url: shownUrl(url),
        ok: false,
        status: error instanceof HttpStatusError ? error.status : undefined,
        latencyMs,
        redirects: [],
        attempts: attempt,
        tries,
        error: message,
      });
      const delayMs =
        signal.aborted || attempt > context.retries || transientReason(error) === undefined
          ? undefined
          : retryDelay(attempt, (error as Partial<HttpStatusError>).retryAfterMs);
      if (delayMs === undefined) return failed();
      try {
        await sleep(delayMs, { signal });
      } catch {
        return failed();
      }
    }
  }
}
