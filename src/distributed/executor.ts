import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { InvalidStateError } from '../errors.ts';
import type { Executor, ShutdownOptions } from '../futures/executor.ts';
import {
  type ChunkOutcome,
  type MapArguments,
  MapResults,
  mapArguments,
  mapSettings,
} from '../futures/map.ts';
import { checkSignal, checkTimeout, waitWithin } from '../futures/wait-options.ts';
import { Withdrawal } from './cancellation.ts';
import { decodeValue, encodeValue } from './codec.ts';
import { closeClient, closeWithin, createClient, whenReady } from './connection.ts';
import { ConnectionWatch } from './connection-watch.ts';
import { engine } from './engine.ts';
import {
  callJobOptions,
  checkCallOptions,
  type DistributedExecutorOptions,
  type DistributedSubmitOptions,
  type ExecutorSettings,
  executorSettings,
} from './executor-options.ts';
import { JobBatcher } from './job-batcher.ts';
import { checkJobId, type JobData, taskName } from './job-data.ts';
import { JobFuture } from './job-future.ts';
import { type Decode, ResultStream } from './result-stream.ts';

export type { DistributedExecutorOptions, DistributedSubmitOptions } from './executor-options.ts';

/**
 * The spindle Executor on many machines: tasks go to a BullMQ queue in Redis and run on
 * `spindle worker` processes, anywhere. Same `submit`, `map`, `asCompleted`, `wait`,
 * cancellation and typed errors as ThreadPoolExecutor — switching is a one-line change.
 * Tasks must be `defineTask` functions from modules the workers load; only their name travels.
 *
 * @example
 * ```ts
 * import { DistributedExecutor } from 'spindle/distributed';
 * import { isPrime } from './tasks.ts';
 * await using executor = new DistributedExecutor({ connection: 'redis://127.0.0.1:6379' });
 * console.log(await executor.submit(isPrime, 97)); // true, computed by a worker
 * ```
 */
export class DistributedExecutor implements Executor {
  readonly #client: Redis;
  readonly #eventsClient: Redis;
  readonly #queue: Queue;
  readonly #stream: ResultStream;
  readonly #withdrawal: Withdrawal;
  readonly #batcher: JobBatcher;
  readonly #watch: ConnectionWatch;
  readonly #settings: ExecutorSettings;
  #started: Promise<void> | undefined;
  #shutdown: Promise<void> | undefined;

  constructor(options: DistributedExecutorOptions) {
    const settings = executorSettings(options);
    this.#settings = settings;
    const { Queue } = engine().bullmq; // throws MissingEngineError when bullmq or ioredis is missing
    this.#client = createClient(options.connection, 'spindle-producer');
    this.#eventsClient = createClient(options.connection, 'spindle-producer-events');
    this.#queue = new Queue(settings.queue, {
      connection: this.#client,
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      streams: { events: { maxLen: 100_000 } },
    });
    this.#queue.on('error', () => {}); // reconnections are ioredis's job; submit reports unavailability
    this.#stream = new ResultStream(this.#queue, this.#eventsClient, settings.reconcileInterval);
    this.#withdrawal = new Withdrawal(this.#queue, this.#client);
    this.#watch = new ConnectionWatch(
      [this.#client, this.#eventsClient],
      settings.reconnectTimeout,
      (error) => {
        for (const id of this.#stream.ids()) this.#stream.fail(id, error);
      },
    );
    this.#batcher = new JobBatcher(
      this.#queue,
      this.#stream,
      this.#withdrawal,
      () => this.#ensureStarted(),
      settings.removeAfter,
      () => this.#watch.signal,
    );
  }

  /**
   * Adds `task(...args)` to the queue and returns its Future. Throws at once for a task that is
   * not a `defineTask` function, arguments that cannot be encoded or are too large, or after
   * shutdown; the future rejects with RedisUnavailableError if Redis cannot be reached in time.
   *
   * @example
   * ```ts
   * const f = executor.submit(add, 2, 3); // JobFuture<number>
   * ```
   */
  submit<A extends unknown[], R>(task: (...args: A) => R, ...args: A): JobFuture<Awaited<R>> {
    return this.#submit(undefined, task, args);
  }

  /**
   * `submit` with per-call options: `signal`, `timeout` (ms from start, enforced by the worker),
   * `retries`, `priority`, `jobId`. (`transfer` is accepted and ignored: everything is copied.)
   *
   * @example
   * ```ts
   * const f = executor.submitWith({ timeout: 5000, retries: 2, jobId: 'invoice-42' }, render, 42);
   * ```
   */
  submitWith<A extends unknown[], R>(
    options: DistributedSubmitOptions,
    task: (...args: A) => R,
    ...args: A
  ): JobFuture<Awaited<R>> {
    checkCallOptions(options);
    return this.#submit(options, task, args);
  }

  /**
   * Maps `task` over `items` lazily and in order; chunks are added to Redis in bulk, with at most
   * `bufferSize` (default 256) chunks in flight.
   *
   * @example
   * ```ts
   * const squares = await executor.map(square, [1, 2, 3], { chunksize: 100 }).toArray();
   * const sums = await executor.map(add, [1, 2, 3], [10, 20]).toArray(); // [11, 22]
   * ```
   */
  map<A extends unknown[], R>(
    task: (...args: A) => R,
    ...iterables: MapArguments<A>
  ): MapResults<Awaited<R>> {
    const name = taskName(task);
    const { sources, options } = mapArguments(iterables);
    this.#assertOpen();
    const settings = mapSettings(options, 256, sources.length);
    return new MapResults<Awaited<R>>(
      {
        submitChunk: (chunk) => {
          this.#assertOpen();
          const data: JobData = {
            t: name,
            a: encodeValue(chunk, 'map items', this.#settings.maxJobBytes),
            c: 1,
          };
          if (this.#settings.timeout !== undefined) data.to = this.#settings.timeout;
          return this.#batcher.add<ChunkOutcome<Awaited<R>>>(name, data, undefined, decodeValue as Decode);
        },
        submitCall: (args) => this.#submit<Awaited<R>>({ signal: settings.signal }, task, args),
        room: () => Number.MAX_SAFE_INTEGER,
      },
      sources,
      settings,
    );
  }

  /**
   * A future for a job that already exists — e.g. submitted with `jobId` by a process that has
   * since restarted. Rejects with `ERR_JOB_LOST` if Redis no longer has the job.
   *
   * @example
   * ```ts
   * const f = executor.attach<number>('invoice-42');
   * console.log(await f);
   * ```
   */
  attach<R = unknown>(jobId: string): JobFuture<R> {
    checkJobId(jobId);
    this.#assertOpen();
    const future = new JobFuture<R>(jobId, (f) => {
      this.#stream.untrack(jobId, f as JobFuture<R>);
      return true;
    });
    this.#stream.track(jobId, future, decodeValue as Decode);
    this.#ensureStarted().then(
      () => {
        this.#stream.added(jobId);
        return this.#stream.reconcile([jobId]);
      },
      (error) => this.#stream.fail(jobId, error),
    );
    return future;
  }

  /**
   * Resolves once every job submitted so far is stored in Redis (acknowledged); rejects if an
   * add failed.
   *
   * @example
   * ```ts
   * executor.submit(square, 2); await executor.flush(); // the job is now durable in Redis
   * ```
   */
  flush(): Promise<void> {
    return this.#batcher.flush();
  }

  /**
   * Stops accepting work. `cancelFutures` withdraws jobs that no worker has started; with `wait`
   * (default) resolves once every pending future has settled and the connections are closed.
   * `timeout` bounds the whole shutdown, whatever Redis does: then the remaining futures are
   * cancelled (running jobs too) and the connections are cut. Without it, a lost Redis still
   * ends the wait after `reconnectTimeout` (the futures reject with RedisUnavailableError).
   *
   * @example
   * ```ts
   * await executor.shutdown({ cancelFutures: true });
   * ```
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    const timeout = checkTimeout(options.timeout);
    this.#shutdown ??= this.#close(options.cancelFutures === true, timeout);
    if (options.wait === false) {
      this.#shutdown.catch(() => undefined);
      return Promise.resolve();
    }
    return this.#shutdown;
  }

  /** `await using executor = new DistributedExecutor(…)` shuts down (waiting) at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  #assertOpen(): void {
    if (this.#shutdown) throw new InvalidStateError('cannot schedule new work after shutdown');
  }

  #submit<R>(options: DistributedSubmitOptions | undefined, task: Function, args: unknown[]): JobFuture<R> {
    const name = taskName(task);
    this.#assertOpen();
    const signal = checkSignal(options?.signal);
    const timeout = checkTimeout(options?.timeout) ?? this.#settings.timeout;
    const opts = callJobOptions(options, this.#settings);
    const data: JobData = {
      t: name,
      a: encodeValue(args, `the arguments of ${name}`, this.#settings.maxJobBytes),
    };
    if (timeout !== undefined) data.to = timeout;
    const future = this.#batcher.add<R>(name, data, opts, decodeValue as Decode);
    if (signal) {
      if (signal.aborted) future.cancel();
      else {
        const onAbort = () => future.cancel();
        signal.addEventListener('abort', onAbort, { once: true });
        future.addDoneCallback(() => signal.removeEventListener('abort', onAbort));
      }
    }
    return future;
  }

  #ensureStarted(): Promise<void> {
    const wait = this.#settings.connectTimeout;
    if (this.#started) return this.#started.then(() => whenReady(this.#client, wait));
    const started = whenReady(this.#client, wait).then(() => this.#stream.start(this.#client));
    this.#started = started;
    started.catch(() => {
      if (this.#started === started) this.#started = undefined; // try again at the next submit
    });
    return started;
  }

  async #close(cancelFutures: boolean, timeout: number | undefined): Promise<void> {
    const deadline = timeout === undefined ? undefined : Date.now() + timeout;
    await Promise.resolve(); // let submits of this turn reach #batch
    // Waits for the futures, unless the timeout passes or Redis is lost (futures have failed then).
    await waitWithin(this.#settle(cancelFutures), { timeout, signal: this.#watch.signal }, 'shutdown').catch(
      () => undefined,
    );
    for (const id of this.#stream.ids()) this.#stream.cancel(id); // withdraws each job
    this.#watch.close();
    await closeWithin(
      async () => {
        await this.#stream.close();
        await this.#queue.close();
        await Promise.all([closeClient(this.#client), closeClient(this.#eventsClient)]);
      },
      [this.#client, this.#eventsClient],
      deadline === undefined ? CLOSE_GRACE : Math.max(0, deadline - Date.now()),
    );
  }

  /** The graceful part of shutdown: withdraws what `cancelFutures` asks for, then waits for the rest. */
  async #settle(cancelFutures: boolean): Promise<void> {
    if (cancelFutures) {
      this.#batcher.cancelQueued();
      await this.flush().catch(() => undefined);
      for (const id of await this.#withdrawal.removeWaiting(this.#stream.ids())) this.#stream.cancel(id);
    }
    await this.flush().catch(() => undefined);
    await this.#stream.idle();
  }
}

/** How long shutdown without a timeout waits for Redis to acknowledge the closing connections. */
const CLOSE_GRACE = 2000;
