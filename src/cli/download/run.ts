/**
 * A download run: every URL through {@link forEachUrl} (TaskGroup + per-host and global
 * Semaphores), one shared keep-alive HTTP client, one name registry for the output directory, and progress
 * as bars or log lines. After Ctrl-C the `.part` files stay for `--resume`.
 */
import { mkdir } from 'node:fs/promises';
import { HttpClient } from '../http/client.ts';
import { type ExistingPolicy, NameClaims } from '../http/names.ts';
import { forEachUrl } from '../http/parallel.ts';
import { shownUrl } from '../http/urls.ts';
import { userAgent } from '../http/user-agent.ts';
import { type DownloadJob, downloadOne } from './download-one.ts';
import type { SpeedLimit } from './low-speed.ts';
import { plainProgress } from './progress.ts';
import type { DownloadResult } from './types.ts';

/** Settings of {@link runDownloads}. */
export interface RunOptions {
  dir: string;
  jobs: number;
  perHost: number;
  retries: number;
  timeoutMs: number;
  resume: boolean;
  /** What an existing final name means (under `resume`, always `resume`). */
  existing: 'number' | 'skip' | 'overwrite';
  /** Extra request headers (`--header`). */
  headers?: Record<string, string>;
  /** The low-speed limit (`--speed-limit`/`--speed-time`). */
  lowSpeed?: SpeedLimit;
  /** Draw progress bars (stderr is a terminal) instead of log lines. */
  bars: boolean;
}

/** Every URL's outcome, in input order, and whether the run was interrupted. */
export interface RunReport {
  results: DownloadResult[];
  interrupted: boolean;
}

/** Downloads every job; resolves when all finished or, after Ctrl-C, all stopped. */
export async function runDownloads(jobs: readonly DownloadJob[], options: RunOptions): Promise<RunReport> {
  await mkdir(options.dir, { recursive: true });
  const existing: ExistingPolicy = options.resume ? 'resume' : options.existing;
  const client = new HttpClient({
    perHost: options.perHost,
    timeoutMs: options.timeoutMs,
    headers: { 'user-agent': userAgent(), ...options.headers },
  });
  // The bars are loaded only when they are drawn.
  const progress = options.bars ? (await import('./bars.ts')).barProgress(jobs.length) : plainProgress();
  const context = {
    client,
    claims: new NameClaims(options.dir, existing),
    progress,
    resume: options.resume,
    existing,
    lowSpeed: options.lowSpeed,
    dir: options.dir,
    retries: options.retries,
  };
  const results: (DownloadResult | undefined)[] = jobs.map(() => undefined);
  let interrupted = true;
  try {
    ({ interrupted } = await forEachUrl(jobs, options, async (job, id, signal, permits) => {
      results[id] = await downloadOne(id, job, context, signal, permits);
    }));
  } finally {
    progress.stop();
    client.close();
  }
  return {
    results: results.map(
      (result, id) =>
        result ?? {
          url: shownUrl(jobs[id]!.url),
          bytes: 0,
          transferred: 0,
          status: 'interrupted',
          attempts: [],
          durationMs: 0,
          error: 'interrupted before it started',
        },
    ),
    interrupted,
  };
}
