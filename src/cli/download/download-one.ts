/**
 * One URL from first attempt to outcome: attempts until one succeeds, the failure is not
 * transient, the retries are spent, or the run is interrupted. Each attempt is recorded with the
 * reason and delay of the retry that followed it.
 */
// spindle/asyncio's own modules, not its index: the index also loads the thread pool (toThread).
import { sleep } from '../../asyncio/sleep.ts';
import type { Permits } from '../http/parallel.ts';
import { describeError, type HttpStatusError, retryDelay, transientReason } from '../http/retry.ts';
import { shownUrl } from '../http/urls.ts';
import { type AttemptContext, attempt } from './attempt.ts';
import type { Checksum } from './checksum.ts';
import { DownloadState } from './state.ts';
import type { AttemptRecord, DownloadResult } from './types.ts';

/** A URL to fetch, with its expected digest if one was given. */
export interface DownloadJob {
  url: URL;
  checksum?: Checksum;
}

/** Settings of a run that every URL shares. */
export interface DownloadContext extends AttemptContext {
  dir: string;
  retries: number;
}

/**
 * Downloads `job`; never throws — the outcome is in the result. Once a body has all arrived its
 * `permits` go to the next URL while the file is written, fsynced and renamed; a retry takes them
 * again first.
 */
export async function downloadOne(
  id: number,
  job: DownloadJob,
  context: DownloadContext,
  signal: AbortSignal,
  permits?: Permits,
): Promise<DownloadResult> {
  const started = performance.now();
  const state = new DownloadState(id, job.url, context.dir, job.checksum);
  const attempts: AttemptRecord[] = [];
  const outcome = (status: DownloadResult['status'], error?: string): DownloadResult => {
    const result: DownloadResult = {
      url: shownUrl(job.url),
      file: state.name === undefined ? undefined : status === 'ok' ? state.finalPath : state.partPath,
      bytes: state.offset,
      transferred: state.moved,
      ...(state.skipped === undefined ? {} : { skipped: state.skipped }),
      status,
      httpStatus: attempts.at(-1)?.httpStatus,
      attempts,
      durationMs: Math.round(performance.now() - started),
      error,
    };
    context.progress.done(id, result);
    return result;
  };
  for (let n = 1; ; n++) {
    const record: AttemptRecord = { attempt: n };
    attempts.push(record);
    try {
      if (n > 1) await permits?.reacquire();
      await attempt(state, context, record, signal, permits?.release);
      return outcome('ok');
    } catch (error) {
      await state.syncOffset();
      if (signal.aborted) {
        record.error = 'interrupted';
        return outcome('interrupted', 'interrupted');
      }
      record.error = describeError(error);
      const reason = transientReason(error);
      const delayMs =
        reason === undefined || n > context.retries
          ? undefined
          : retryDelay(n, (error as Partial<HttpStatusError>).retryAfterMs);
      if (reason === undefined || delayMs === undefined) return outcome('failed', record.error);
      record.retry = { reason, delayMs };
      context.progress.retry(id, shownUrl(job.url), reason, delayMs);
      try {
        await sleep(delayMs, { signal });
      } catch {
        return outcome('interrupted', 'interrupted');
      }
    }
  }
}
