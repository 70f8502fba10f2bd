/**
 * The fan-out of the network tools, on spindle's asyncio API: one TaskGroup task per item, each
 * holding a per-host Semaphore permit and then one of `jobs` global permits while it works. SIGINT
 * aborts the group's parent signal: every task is cancelled (in-flight requests abort through
 * their signal) and the run reports that it was interrupted; a second SIGINT exits at once.
 */
import { Semaphore, TaskGroup } from '../../asyncio/index.ts';
import { ExitCode } from '../exit-codes.ts';
import { HostLimits } from './host-limits.ts';

/** Settings of {@link forEachUrl}. */
export interface ParallelOptions {
  /** Items worked on at once. */
  jobs: number;
  /** Items of one origin worked on at once. */
  perHost: number;
}

/**
 * Runs `work(item, index, signal)` for every item, `jobs` at a time and `perHost` per origin;
 * resolves `{ interrupted }` once all finished or, after Ctrl-C, all stopped. `work` should report
 * its own failures rather than throw: a throw cancels the whole run.
 */
export async function forEachUrl<T extends { url: URL }>(
  items: readonly T[],
  options: ParallelOptions,
  work: (item: T, index: number, signal: AbortSignal) => Promise<void>,
): Promise<{ interrupted: boolean }> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(ExitCode.INTERRUPTED);
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  const slots = new Semaphore(options.jobs);
  const hosts = new HostLimits(options.perHost);
  try {
    await TaskGroup.run(
      (group) => {
        items.forEach((item, index) => {
          group.createTask(async (signal) => {
            using _host = await hosts.hold(item.url, signal);
            using _slot = await slots.hold({ signal });
            await work(item, index, signal);
          });
        });
      },
      { signal: controller.signal },
    );
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
  return { interrupted: controller.signal.aborted };
}
