/**
 * The fan-out of the network tools, on spindle's asyncio API: one TaskGroup task per item, each
 * holding a per-host Semaphore permit and then one of `jobs` global permits while it works. SIGINT
 * aborts the group's parent signal: every task is cancelled (in-flight requests abort through
 * their signal) and the run reports that it was interrupted; a second SIGINT exits at once.
 *
 * A task whose network part is over (a download whose body has all arrived, still being written
 * and fsynced) may hand its permits to the next item early through {@link Permits.release}; at
 * most `jobs` tasks are in that finishing state at once, so open files stay bounded.
 */
// spindle/asyncio's own modules, not its index: the index also loads the thread pool (toThread).
import { Semaphore } from '../../asyncio/semaphore.ts';
import { TaskGroup } from '../../asyncio/task-group.ts';
import { ExitCode } from '../exit-codes.ts';
import { HostLimits } from './host-limits.ts';

/** Settings of {@link forEachUrl}. */
export interface ParallelOptions {
  /** Items worked on at once. */
  jobs: number;
  /** Items of one origin worked on at once. */
  perHost: number;
}

/** The permits an item holds while it works. */
export interface Permits {
  /**
   * Gives the host and global permits to the next item before `work` returns (when the network
   * part is done), if fewer than `jobs` items are already finishing this way; else keeps them.
   */
  release(): void;
  /** Takes the permits again if they were released (before another network attempt). */
  reacquire(): Promise<void>;
}

/**
 * Runs `work(item, index, signal, permits)` for every item, `jobs` at a time and `perHost` per origin;
 * resolves `{ interrupted }` once all finished or, after Ctrl-C, all stopped. `work` should report
 * its own failures rather than throw: a throw cancels the whole run.
 */
export async function forEachUrl<T extends { url: URL }>(
  items: readonly T[],
  options: ParallelOptions,
  work: (item: T, index: number, signal: AbortSignal, permits: Permits) => Promise<void>,
): Promise<{ interrupted: boolean }> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(ExitCode.INTERRUPTED);
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  const slots = new Semaphore(options.jobs);
  const hosts = new HostLimits(options.perHost);
  const finishing = new Semaphore(options.jobs);
  const take = async (url: URL, signal: AbortSignal): Promise<Disposable> => {
    const host = await hosts.hold(url, signal);
    try {
      const slot = await slots.hold({ signal });
      return {
        [Symbol.dispose]() {
          slot[Symbol.dispose]();
          host[Symbol.dispose]();
        },
      };
    } catch (error) {
      host[Symbol.dispose]();
      throw error;
    }
  };
  try {
    await TaskGroup.run(
      (group) => {
        items.forEach((item, index) => {
          group.createTask(async (signal) => {
            let held: Disposable | undefined = await take(item.url, signal);
            let finisher = false;
            const permits: Permits = {
              release() {
                if (held === undefined || (!finisher && !finishing.tryAcquire())) return;
                finisher = true;
                held[Symbol.dispose]();
                held = undefined;
              },
              async reacquire() {
                held ??= await take(item.url, signal);
              },
            };
            try {
              await work(item, index, signal, permits);
            } finally {
              held?.[Symbol.dispose]();
              if (finisher) finishing.release();
            }
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
