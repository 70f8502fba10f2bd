/**
 * A download run on spindle's asyncio API: one TaskGroup task per URL, a per-host Semaphore and a
 * global Semaphore (-j) around each, and an AbortController that SIGINT trips — the group then
 * cancels every task, in-flight requests abort, and their `.part` files stay for `--resume`.
 */
import { mkdir } from 'node:fs/promises';
import { Semaphore, TaskGroup } from '../../asyncio/index.ts';
import { createAgent } from '../http/client.ts';
import { HostLimits } from '../http/host-limits.ts';
import { NameClaims } from '../http/names.ts';
import { barProgress } from './bars.ts';
import { type DownloadJob, downloadOne } from './download-one.ts';
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
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  const agent = createAgent({ perHost: options.perHost, timeoutMs: options.timeoutMs });
  const progress = options.bars ? barProgress(jobs.length) : plainProgress();
  const context = {
    dispatcher: agent,
    claims: new NameClaims(options.dir, !options.resume),
    progress,
    resume: options.resume,
    dir: options.dir,
    retries: options.retries,
  };
  const slots = new Semaphore(options.jobs);
  const hosts = new HostLimits(options.perHost);
  const results: (DownloadResult | undefined)[] = jobs.map(() => undefined);
  try {
    await TaskGroup.run(
      (group) => {
        jobs.forEach((job, id) => {
          group.createTask(async (signal) => {
            using _host = await hosts.hold(job.url, signal);
            using _slot = await slots.hold({ signal });
            results[id] = await downloadOne(id, job, context, signal);
          });
        });
      },
      { signal: controller.signal },
    );
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    process.off('SIGINT', onSigint);
    progress.stop();
    await (controller.signal.aborted ? agent.destroy() : agent.close());
  }
  return {
    results: results.map(
      (result, id) =>
        result ?? {
          url: jobs[id]!.url.href,
          bytes: 0,
          status: 'interrupted',
          attempts: [],
          durationMs: 0,
          error: 'interrupted before it started',
        },
    ),
    interrupted: controller.signal.aborted,
  };
}
