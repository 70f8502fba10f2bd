import { hostname } from 'node:os';
import type { Job, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import { CancelledError, TaskDefinitionError, TimeoutError } from '../errors.ts';
import type { Executor } from '../futures/executor.ts';
import type { Future } from '../futures/future.ts';
import { checkTimeout } from '../futures/wait-options.ts';
import { serializeError } from '../wire/error-codec.ts';
import { decodeValue, encodeFailure, encodeValue, JobTooLargeError } from './codec.ts';
import { type ConnectionSpec, closeClient, closeWithin, createClient, whenReady } from './connection.ts';
import { engine } from './engine.ts';
import { cancelChannel, cancelKey, type JobData } from './job-data.ts';
import { type Backend, createLocalPool, defaultConcurrency } from './local-pool.ts';
import { loadTaskTable } from './task-table.ts';

/** Options of {@link runWorker}. */
export interface RunWorkerOptions {
  /** Where Redis is: `redis://host:port` or ioredis options. */
  connection: ConnectionSpec;
  /** Task modules (paths or file: URLs); only their `defineTask` tasks can run here. */
  tasks: string[];
  /** BullMQ queue name (default `'spindle'`). */
  queue?: string;
  /** BullMQ key prefix (default `'bull'`). */
  prefix?: string;
  /** Tasks running at once: the local pool's size (default `os.availableParallelism()`). */
  concurrency?: number;
  /** Jobs taken from Redis per running slot, so tiny tasks do not wait on round trips (default 2). */
  prefetch?: number;
  /** Where tasks run: `'threads'` (default) or `'processes'`. */
  backend?: Backend;
  /** BullMQ lock duration in ms: a job whose worker stops renewing it this long is recovered (default 30 000). */
  lockDuration?: number;
  /** How often (ms) this worker looks for stalled jobs of dead workers (default 30 000). */
  stalledInterval?: number;
  /** Times a job may stall before it fails for good (default 1). */
  maxStalledCount?: number;
  /** Milliseconds a cancelled or timed-out task has to stop before its pool worker is killed (default 1000). */
  cancelGrace?: number;
  /** Largest encoded result in bytes (default 1 MiB). */
  maxResultBytes?: number;
}

/** A running `spindle worker`. */
export interface SpindleWorker extends AsyncDisposable {
  /** The task names this worker runs. */
  readonly tasks: readonly string[];
  /** Jobs this worker finished (successfully or not). */
  readonly processed: number;
  /**
   * Stops taking jobs, lets running ones finish, and closes. With `force` (also while a graceful
   * close is under way) it cancels the running tasks instead and returns within about
   * `cancelGrace` + 1 s whatever Redis does; a lost Redis can hold a graceful close until then.
   */
  close(options?: { force?: boolean }): Promise<void>;
}

const RECENT_CANCELS = 10_000;
/** How long closing waits for Redis to acknowledge the worker's goodbye before cutting the connections. */
const CLOSE_GRACE = 1000;

/**
 * Runs a spindle worker in this process: a BullMQ Worker whose processor hands each job to a
 * local spindle pool (threads or processes), so CPU-bound tasks never block BullMQ's lock
 * renewal. Only tasks from `tasks` modules run; an unknown task name fails its job at once,
 * without retries. Producers' cancellations arrive on `spindle:<queue>:cancel`.
 *
 * @example
 * ```ts
 * import { runWorker } from 'spindle/distributed';
 * const worker = await runWorker({ connection: 'redis://127.0.0.1:6379', tasks: ['./tasks.js'] });
 * process.on('SIGTERM', () => worker.close());
 * ```
 */
export async function runWorker(options: RunWorkerOptions): Promise<SpindleWorker> {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const { Worker } = engine().bullmq; // throws MissingEngineError when bullmq or ioredis is missing
  const queue = options.queue ?? 'spindle';
  const concurrency = options.concurrency ?? defaultConcurrency();
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be an integer >= 1, got ${String(options.concurrency)}`);
  }
  const prefetch = options.prefetch ?? 2;
  if (!Number.isInteger(prefetch) || prefetch < 1) {
    throw new RangeError(`prefetch must be an integer >= 1, got ${String(options.prefetch)}`);
  }
  const maxResultBytes = options.maxResultBytes ?? 1_048_576;
  const table = await loadTaskTable(options.tasks);
  const cancelGrace = checkTimeout(options.cancelGrace, 'cancelGrace') ?? 1000;
  const pool = createLocalPool(options.backend ?? 'threads', { maxWorkers: concurrency, cancelGrace });
  const client = createClient(options.connection, 'spindle-worker');
  const subscriber = createClient(options.connection, 'spindle-worker-cancel');
  const running = new Map<string, AbortController>();
  const recentCancels = new Set<string>();
  const where = `${hostname()}:${process.pid}`;
  let processed = 0;

  const processor = async (job: Job<JobData>, _token?: string, bullSignal?: AbortSignal): Promise<string> => {
    const data = job.data;
    const id = job.id!;
    const fn = table.get(data.t);
    if (fn === undefined) {
      throw unrecoverable(
        new TaskDefinitionError(
          'ERR_TASK_UNKNOWN',
          `worker ${where} has no task named "${String(data.t)}" (it runs: ${[...table.keys()].join(', ')}); ` +
            'start it with --tasks naming the module that defines that task',
        ),
      );
    }
    if (recentCancels.delete(id)) throw unrecoverable(new CancelledError(`job ${id} was cancelled`));
    const controller = new AbortController();
    running.set(id, controller);
    const onBullAbort = () => controller.abort(new CancelledError(`job ${id} was aborted by its worker`));
    bullSignal?.addEventListener('abort', onBullAbort, { once: true });
    try {
      const args = decodeValue(data.a) as unknown[];
      const callOptions = {
        signal: controller.signal,
        ...(data.to === undefined ? {} : { timeout: data.to }),
      };
      const result =
        data.c === 1
          ? await runChunk(pool, callOptions, fn, args)
          : await pool.submitWith(callOptions, fn as (...a: unknown[]) => unknown, ...args);
      return encodeValue(result, `the result of ${data.t}`, maxResultBytes);
    } catch (error) {
      if (controller.signal.aborted || error instanceof JobTooLargeError) throw unrecoverable(error);
      if (error instanceof TimeoutError && data.to !== undefined) throw unrecoverable(error);
      throw new Error(encodeFailure(error));
    } finally {
      running.delete(id);
      bullSignal?.removeEventListener('abort', onBullAbort);
      processed++;
    }
  };

  await whenReady(client, 10_000);
  await subscriber.subscribe(cancelChannel(queue));
  const cancelRunning = (jobId: string) => {
    running.get(jobId)?.abort(new CancelledError(`job ${jobId} was cancelled by its producer`));
  };
  subscriber.on('message', (_channel: string, jobId: string) => {
    if (running.has(jobId)) cancelRunning(jobId);
    else {
      // The job may be taken from Redis but not yet started here: refuse it when it starts.
      if (recentCancels.size >= RECENT_CANCELS) recentCancels.delete(recentCancels.values().next().value!);
      recentCancels.add(jobId);
    }
  });

  const worker = new Worker<JobData, string>(queue, processor, {
    connection: client,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    concurrency: concurrency * prefetch,
    ...(options.lockDuration === undefined
      ? {}
      : { lockDuration: checkTimeout(options.lockDuration, 'lockDuration')! }),
    ...(options.stalledInterval === undefined
      ? {}
      : { stalledInterval: checkTimeout(options.stalledInterval, 'stalledInterval')! }),
    ...(options.maxStalledCount === undefined ? {} : { maxStalledCount: options.maxStalledCount }),
  });
  worker.on('error', () => {}); // connection errors: ioredis reconnects and BullMQ resumes
  await worker.waitUntilReady();
  const records = watchCancelRecords(client, queue, running, cancelRunning);

  let forced = false;
  let forceNow!: () => void;
  const forcing = new Promise<void>((resolve) => {
    forceNow = resolve;
  });
  let closing: Promise<void> | undefined;
  const close = (closeOptions: { force?: boolean } = {}): Promise<void> => {
    if (closeOptions.force && !forced) {
      forced = true;
      for (const c of running.values()) c.abort(new CancelledError('the worker is closing'));
      forceNow();
    }
    closing ??= (async () => {
      clearInterval(records);
      // BullMQ stops fetching and waits for its jobs; its close may never end once Redis is gone.
      const stopped = worker.close(forced).catch(() => undefined);
      await Promise.race([stopped, forcing]);
      await Promise.all([
        pool.shutdown({ cancelFutures: true, timeout: forced ? cancelGrace : 5000 }),
        closeWithin(
          async () => {
            await stopped;
            await Promise.all([closeClient(subscriber), closeClient(client)]);
          },
          [subscriber, client],
          CLOSE_GRACE,
        ),
      ]);
    })();
    return closing;
  };
  return {
    tasks: [...table.keys()],
    get processed() {
      return processed;
    },
    close,
    [Symbol.asyncDispose]: () => close(),
  };
}

/** How often a busy worker reads the cancellation records of the jobs it runs. */
const CANCEL_CHECK_MS = 1000;

/**
 * Reads the cancellation records of the running jobs every {@link CANCEL_CHECK_MS} (one MGET,
 * only while jobs run) and cancels those recorded: the cancel-channel message is at-most-once, so
 * this bounds how long a job whose message was lost runs on. Errors (Redis away) are left to the
 * next look.
 */
function watchCancelRecords(
  client: Redis,
  queue: string,
  running: Map<string, AbortController>,
  cancel: (jobId: string) => void,
): NodeJS.Timeout {
  let looking = false;
  const timer = setInterval(async () => {
    if (looking || running.size === 0) return;
    looking = true;
    try {
      const ids = [...running.keys()];
      const found = await client.mget(ids.map((id) => cancelKey(queue, id)));
      found.forEach((record, i) => {
        if (record !== null) cancel(ids[i]!);
      });
    } catch {
      // Redis away: the next look tries again.
    } finally {
      looking = false;
    }
  }, CANCEL_CHECK_MS);
  timer.unref();
  return timer;
}

function unrecoverable(error: unknown): UnrecoverableError {
  return new (engine().bullmq.UnrecoverableError)(encodeFailure(error));
}

/** Runs a map chunk: one call per item, results in order; the first error stops the chunk. */
async function runChunk(
  pool: Executor,
  callOptions: { signal: AbortSignal; timeout?: number },
  fn: Function,
  items: unknown[],
): Promise<[unknown[], ReturnType<typeof serializeError> | undefined]> {
  const futures: Future<unknown>[] = items.map((item) =>
    pool.submitWith(callOptions, fn as (item: unknown) => unknown, item),
  );
  const results: unknown[] = [];
  for (let i = 0; i < futures.length; i++) {
    try {
      results.push(await futures[i]);
    } catch (error) {
      for (let j = i + 1; j < futures.length; j++) futures[j]!.cancel();
      if (callOptions.signal.aborted || error instanceof TimeoutError) throw error;
      return [results, serializeError(error)];
    }
  }
  return [results, undefined];
}

export type { Backend };
