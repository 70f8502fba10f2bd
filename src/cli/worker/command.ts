/**
 * `spindle worker`: runs tasks for DistributedExecutors on this machine until Ctrl-C / SIGTERM.
 *
 * @example
 * ```sh
 * spindle worker --connection redis://10.0.0.5:6379 --tasks ./dist/tasks.js --concurrency 8
 * ```
 * @module
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadDistributed } from '../load-distributed.ts';
import { say } from '../output.ts';
import { untilStopped } from './stop.ts';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected an integer >= 1');
  return n;
}

/**
 * Builds the `worker` command.
 *
 * @example
 * ```ts
 * program.addCommand(workerCommand());
 * ```
 */
export function workerCommand(): Command {
  return new Command('worker')
    .description('run tasks for DistributedExecutors (spindle/distributed) from a Redis queue')
    .requiredOption('--connection <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
    .requiredOption('--tasks <modules...>', 'task modules; only their defineTask tasks can run here')
    .option('--queue <name>', 'queue name', 'spindle')
    .option('--concurrency <n>', 'tasks running at once (default: one per CPU)', positiveInt)
    .option('--prefetch <n>', 'jobs taken from Redis per running slot', positiveInt)
    .addOption(
      new Option('--backend <kind>', 'where tasks run').choices(['threads', 'processes']).default('threads'),
    )
    .option('--lock-duration <ms>', 'a job whose worker dies is recovered after this long', positiveInt)
    .option('--stalled-interval <ms>', 'how often to look for jobs of dead workers', positiveInt)
    .option(
      '--cancel-grace <ms>',
      'time a cancelled task has to stop before its thread or child process is killed',
      positiveInt,
    )
    .action(async (opts) => {
      // Loaded here so that other commands never load bullmq or ioredis.
      const { runWorker } = await loadDistributed();
      const worker = await runWorker({
        connection: opts.connection,
        tasks: opts.tasks,
        queue: opts.queue,
        concurrency: opts.concurrency,
        prefetch: opts.prefetch,
        backend: opts.backend,
        lockDuration: opts.lockDuration,
        stalledInterval: opts.stalledInterval,
        cancelGrace: opts.cancelGrace,
      });
      say(`spindle worker ${process.pid}: queue "${opts.queue}", tasks ${worker.tasks.join(', ')}; ready`);
      await untilStopped(worker);
      say(`spindle worker ${process.pid}: stopped after ${worker.processed} jobs`);
    });
}
