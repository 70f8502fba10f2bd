import { randomUUID } from 'node:crypto';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { InvalidStateError } from '../errors.ts';
import type { Executor, MapOptions, ShutdownOptions, SubmitOptions } from '../futures/executor.ts';
import { type ChunkOutcome, MapResults, mapSettings } from '../futures/map.ts';
import { checkSignal, checkTimeout } from '../futures/wait-options.ts';
import { decodeValue, encodeValue } from './codec.ts';
import { type ConnectionSpec, closeClient, createClient, whenReady } from './connection.ts';
import {
  cancelChannel,
  checkJobId,
  checkPriority,
  checkRetries,
  type JobData,
  taskName,
} from './job-data.ts';
import { JobFuture } from './job-future.ts';
import { type Decode, ResultStream } from './result-stream.ts';

/** Options of {@link DistributedExecutor}. */
export interface DistributedExecutorOptions {
  /** Where Redis is: `redis://host:port` or ioredis options. */
  connection: ConnectionSpec;
  /** BullMQ queue name shared with the workers (default `'spindle'`). */
  queue?: string;
  /** BullMQ key prefix (default `'bull'`). */
  prefix?: string;
  /** Extra attempts after a task throws, with exponential backoff (default 0: Python's at-most-once). */
  defaultRetries?: number;
  /** First backoff delay in ms between retries, doubled each time (default 1000). */
  backoff?: number;
  /** Default per-task timeout in ms from the task's start, enforced by the worker. */
  defaultTimeout?: number;
  /** Milliseconds after which finished jobs are deleted from Redis (default 3 600 000). */
  removeAfter?: number;
  /** Largest encoded job (arguments) in bytes (default 1 MiB); bigger ones throw JobTooLargeError. */
  maxJobBytes?: number;
  /** How long `submit` waits for an unreachable Redis before its future rejects (default 3000 ms). */
  connectTimeout?: number;
  /** Futures pending this long (ms) are checked against Redis in case an event was missed (default 5000). */
  reconcileInterval?: number;
}

/** Per-call options of {@link DistributedExecutor.submitWith}. */
export interface DistributedSubmitOptions extends SubmitOptions {
  /** Extra attempts if the task throws (overrides `defaultRetries`). */
  retries?: number;
  /** BullMQ priority: 1 is the highest; jobs without a priority go first. */
  priority?: number;
  /** Your own job id: submitting the same id again does not add a second job (idempotent). */
  jobId?: string;
}

interface Entry {
  jobId: string;
  name: string;
  data: JobData;
  opts: JobsOptions;
  state: 'queued' | 'adding' | 'added';
  cancelled: boolean;
  explicitId: boolean;
}

const callOptionKeys = new Set(['signal', 'timeout', 'transfer', 'retries', 'priority', 'jobId']);
const ADD_BULK_SIZE = 500;

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
  readonly #channel: string;
  readonly #retries: number;
  readonly #backoff: number;
  readonly #timeout: number | undefined;
  readonly #removeAfter: number;
  readonly #maxJobBytes: number;
  readonly #connectTimeout: number;
  #started: Promise<void> | undefined;
  #batch: Entry[] = [];
  #flushScheduled = false;
  readonly #adding = new Set<Promise<void>>();
  #shutdown: Promise<void> | undefined;

  constructor(options: DistributedExecutorOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    const queue = options.queue ?? 'spindle';
    if (typeof queue !== 'string' || queue === '' || queue.includes(':')) {
      throw new TypeError(`queue must be a non-empty name without ":", got ${String(options.queue)}`);
    }
    this.#retries = checkRetries(options.defaultRetries, 'defaultRetries') ?? 0;
    this.#backoff = checkTimeout(options.backoff, 'backoff') ?? 1000;
    this.#timeout = checkTimeout(options.defaultTimeout, 'defaultTimeout');
    this.#removeAfter = checkTimeout(options.removeAfter, 'removeAfter') ?? 3_600_000;
    this.#connectTimeout = checkTimeout(options.connectTimeout, 'connectTimeout') ?? 3000;
    const maxJobBytes = options.maxJobBytes ?? 1_048_576;
    if (!Number.isInteger(maxJobBytes) || maxJobBytes < 1) {
      throw new RangeError(`maxJobBytes must be an integer >= 1, got ${String(options.maxJobBytes)}`);
    }
    this.#maxJobBytes = maxJobBytes;
    this.#client = createClient(options.connection, 'spindle-producer');
    this.#eventsClient = createClient(options.connection, 'spindle-producer-events');
    this.#queue = new Queue(queue, {
      connection: this.#client,
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      streams: { events: { maxLen: 100_000 } },
    });
    this.#queue.on('error', () => {}); // reconnections are ioredis's job; submit reports unavailability
    this.#stream = new ResultStream(
      this.#queue,
      this.#eventsClient,
      checkTimeout(options.reconcileInterval, 'reconcileInterval') ?? 5000,
    );
    this.#channel = cancelChannel(queue);
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
    if (options === null || typeof options !== 'object')
      throw new TypeError('submitWith options must be an object');
    for (const key of Object.keys(options)) {
      if (!callOptionKeys.has(key)) throw new TypeError(`unknown submitWith option "${key}"`);
    }
    return this.#submit(options, task, args);
  }

  /**
   * Maps `task` over `items` lazily and in order; chunks are added to Redis in bulk, with at most
   * `bufferSize` (default 256) chunks in flight.
   *
   * @example
   * ```ts
   * const squares = await executor.map(square, [1, 2, 3], { chunksize: 100 }).toArray();
   * ```
   */
  map<T, R>(
    task: (item: T) => R,
    items: Iterable<T> | AsyncIterable<T>,
    options?: MapOptions,
  ): MapResults<Awaited<R>> {
    const name = taskName(task);
    if (
      items == null ||
      (typeof (items as Iterable<T>)[Symbol.iterator] !== 'function' &&
        typeof (items as AsyncIterable<T>)[Symbol.asyncIterator] !== 'function')
    ) {
      throw new TypeError('map expects an iterable or async iterable of items');
    }
    this.#assertOpen();
    const settings = mapSettings(options, 256);
    return new MapResults<Awaited<R>>(
      {
        submitChunk: (chunk) => {
          this.#assertOpen();
          const data: JobData = { t: name, a: encodeValue(chunk, 'map items', this.#maxJobBytes), c: 1 };
          if (this.#timeout !== undefined) data.to = this.#timeout;
          return this.#add<ChunkOutcome<Awaited<R>>>(name, data, undefined, decodeValue as Decode);
        },
        room: () => Number.MAX_SAFE_INTEGER,
      },
      items,
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
  async flush(): Promise<void> {
    if (this.#flushScheduled) await Promise.resolve();
    await Promise.all(this.#adding);
  }

  /**
   * Stops accepting work. `cancelFutures` withdraws jobs that no worker has started; with `wait`
   * (default) resolves once every pending future has settled and the connections are closed.
   * `timeout` bounds that wait: then the remaining futures are cancelled (running jobs too).
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
    const timeout = checkTimeout(options?.timeout) ?? this.#timeout;
    const retries = checkRetries(options?.retries) ?? this.#retries;
    const priority = checkPriority(options?.priority);
    const jobId = checkJobId(options?.jobId);
    const data: JobData = { t: name, a: encodeValue(args, `the arguments of ${name}`, this.#maxJobBytes) };
    if (timeout !== undefined) data.to = timeout;
    const opts: JobsOptions = {};
    if (retries > 0) {
      opts.attempts = retries + 1;
      opts.backoff = { type: 'exponential', delay: this.#backoff };
    }
    if (priority !== undefined) opts.priority = priority;
    if (jobId !== undefined) opts.jobId = jobId;
    const future = this.#add<R>(name, data, opts, decodeValue as Decode);
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

  #add<R>(name: string, data: JobData, opts: JobsOptions | undefined, decode: Decode): JobFuture<R> {
    const explicitId = opts?.jobId !== undefined;
    const jobId = opts?.jobId ?? randomUUID();
    const entry: Entry = {
      jobId,
      name,
      data,
      opts: {
        ...opts,
        jobId,
        removeOnComplete: { age: Math.ceil(this.#removeAfter / 1000) },
        removeOnFail: { age: Math.ceil(this.#removeAfter / 1000) },
      },
      state: 'queued',
      cancelled: false,
      explicitId,
    };
    const future = new JobFuture<R>(jobId, (f) => {
      this.#stream.untrack(jobId, f as JobFuture<R>);
      if (!this.#stream.has(jobId)) {
        entry.cancelled = true;
        if (entry.state === 'added') void this.#withdraw(jobId);
      }
      return true;
    });
    this.#stream.track(jobId, future, decode);
    this.#batch.push(entry);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => this.#startFlush());
    }
    return future;
  }

  #startFlush(): void {
    this.#flushScheduled = false;
    const batch = this.#batch.filter((e) => !e.cancelled);
    this.#batch = [];
    if (batch.length === 0) return;
    const adding = this.#flush(batch);
    this.#adding.add(adding);
    adding.finally(() => this.#adding.delete(adding)).catch(() => undefined);
  }

  async #flush(batch: Entry[]): Promise<void> {
    for (const entry of batch) entry.state = 'adding';
    try {
      await this.#ensureStarted();
      for (let i = 0; i < batch.length; i += ADD_BULK_SIZE) {
        await this.#queue.addBulk(
          batch.slice(i, i + ADD_BULK_SIZE).map((e) => ({ name: e.name, data: e.data, opts: e.opts })),
        );
      }
    } catch (error) {
      for (const entry of batch) this.#stream.fail(entry.jobId, error);
      throw error;
    }
    const explicit: string[] = [];
    for (const entry of batch) {
      entry.state = 'added';
      this.#stream.added(entry.jobId);
      if (entry.cancelled) void this.#withdraw(entry.jobId);
      else if (entry.explicitId) explicit.push(entry.jobId);
    }
    // An existing job id may name a job that finished already: no event will come for it.
    if (explicit.length > 0) void this.#stream.reconcile(explicit);
  }

  #ensureStarted(): Promise<void> {
    if (this.#started) return this.#started.then(() => whenReady(this.#client, this.#connectTimeout));
    const started = whenReady(this.#client, this.#connectTimeout).then(() =>
      this.#stream.start(this.#client),
    );
    this.#started = started;
    started.catch(() => {
      if (this.#started === started) this.#started = undefined; // try again at the next submit
    });
    return started;
  }

  /** Removes a waiting job, or asks the worker running it to stop (race-safe: remove is atomic). */
  async #withdraw(jobId: string): Promise<void> {
    try {
      const removed = await this.#queue.remove(jobId);
      if (removed !== 1) await this.#client.publish(this.#channel, jobId);
    } catch {
      // Redis unreachable: the future is already cancelled; the job may still run.
    }
  }

  async #close(cancelFutures: boolean, timeout: number | undefined): Promise<void> {
    await Promise.resolve(); // let submits of this turn reach #batch
    if (cancelFutures) {
      for (const entry of this.#batch) entry.cancelled = true;
      await this.flush().catch(() => undefined);
      const ids = this.#stream.ids();
      await Promise.all(
        ids.map(async (id) => {
          const removed = await this.#queue.remove(id).catch(() => 0);
          if (removed === 1) this.#stream.cancel(id);
        }),
      );
    }
    await this.flush().catch(() => undefined);
    if (timeout === undefined) await this.#stream.idle();
    else {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.#stream.idle(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeout);
        }),
      ]);
      clearTimeout(timer);
      for (const id of this.#stream.ids()) this.#stream.cancel(id); // withdraws each job
    }
    await this.#stream.close();
    await this.#queue.close().catch(() => undefined);
    await Promise.all([closeClient(this.#client), closeClient(this.#eventsClient)]);
  }
}
