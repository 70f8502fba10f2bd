/**
 * How `spindle worker` stops. The first SIGINT or SIGTERM lets running jobs finish; the second
 * cancels them, and the process ends within {@link FORCE_EXIT_MS} whatever Redis does (once Redis
 * is gone, BullMQ's close can wait forever, and its connections can keep the process alive).
 * A third signal ends it at once. SIGINT makes the exit code 130.
 * @module
 */
import type { SpindleWorker } from '../../distributed/worker.ts';
import { ExitCode } from '../exit-codes.ts';
import { say } from '../output.ts';

/** The most a forced stop takes before the process exits anyway. */
export const FORCE_EXIT_MS = 3000;

/**
 * Resolves once `worker` has closed after SIGINT/SIGTERM (see the module notes).
 *
 * @example
 * ```ts
 * const worker = await runWorker({ connection, tasks });
 * await untilStopped(worker);
 * ```
 */
export function untilStopped(worker: SpindleWorker): Promise<void> {
  const name = `spindle worker ${process.pid}`;
  return new Promise<void>((resolve) => {
    let signals = 0;
    const stop = (signal: NodeJS.Signals) => {
      signals++;
      if (signal === 'SIGINT') process.exitCode = ExitCode.INTERRUPTED;
      if (signals === 1) {
        say(`${name}: ${signal}, finishing running jobs (again to force)`);
        worker.close().then(resolve, resolve);
      } else if (signals === 2) {
        say(`${name}: forcing`);
        // Unref'd: it fires only if something still holds the process after the forced close.
        setTimeout(() => {
          say(`${name}: exiting without a clean close`);
          process.exit();
        }, FORCE_EXIT_MS).unref();
        worker.close({ force: true }).then(resolve, resolve);
      } else process.exit();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
