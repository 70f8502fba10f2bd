/**
 * `spindle worker`: runs tasks for DistributedExecutors on this machine until Ctrl-C / SIGTERM.
 *
 * @example
 * ```sh
 * spindle worker --connection redis://10.0.0.5:6379 --tasks ./dist/tasks.js --concurrency 8
 * ```
 * @module
 */
import { defineCommand } from '../args/spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { positiveInt } from '../http/args.ts';
import { say } from '../output.ts';

/**
 * The `worker` command.
 *
 * @example
 * ```ts
 * const { workerCommand } = await import('./worker/command.ts');
 * ```
 */
export const workerCommand = defineCommand({
  name: 'worker',
  description: 'run tasks for DistributedExecutors (spindle/distributed) from a Redis queue',
  options: {
    connection: { value: '<url>', description: 'Redis URL, e.g. redis://127.0.0.1:6379', required: true },
    tasks: {
      value: '<modules>',
      description: 'task modules; only their defineTask tasks can run here',
      required: true,
      multiple: true,
    },
    queue: { value: '<name>', description: 'queue name', default: 'spindle' },
    concurrency: {
      value: '<n>',
      description: 'tasks running at once (default: one per CPU)',
      parse: positiveInt,
    },
    prefetch: { value: '<n>', description: 'jobs taken from Redis per running slot', parse: positiveInt },
    backend: {
      value: '<kind>',
      description: 'where tasks run',
      choices: ['threads', 'processes'],
      default: 'threads',
    },
    lockDuration: {
      value: '<ms>',
      description: 'a job whose worker dies is recovered after this long',
      parse: positiveInt,
    },
    stalledInterval: {
      value: '<ms>',
      description: 'how often to look for jobs of dead workers',
      parse: positiveInt,
    },
    cancelGrace: {
      value: '<ms>',
      description: 'time a cancelled task has to stop before its thread or child process is killed',
      parse: positiveInt,
    },
  },
  async run(opts) {
    // Loaded here so that other commands never load bullmq or ioredis.
    const { runWorker } = await import('../../distributed/index.ts');
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
    await new Promise<void>((resolve) => {
      let signals = 0;
      const stop = (signal: NodeJS.Signals) => {
        signals++;
        say(
          signals === 1
            ? `spindle worker ${process.pid}: ${signal}, finishing running jobs (again to force)`
            : `spindle worker ${process.pid}: forcing`,
        );
        worker.close({ force: signals > 1 }).then(resolve, resolve);
        if (signal === 'SIGINT') process.exitCode = ExitCode.INTERRUPTED;
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    say(`spindle worker ${process.pid}: stopped after ${worker.processed} jobs`);
  },
});
