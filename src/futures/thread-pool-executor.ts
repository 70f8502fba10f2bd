import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import { Pool } from '../pool/pool.ts';
import type { PoolStats } from '../pool/stats.ts';
import { threadRuntime } from '../runtime/thread-runtime.ts';
import { describeTask } from '../tasks/describe.ts';
import { assertCloneable } from '../wire/cloneable.ts';
import { encodeShared } from '../wire/shared-codec.ts';
import type { Executor, MapOptions, ShutdownOptions, SubmitOptions } from './executor.ts';
import type { Future } from './future.ts';
import { type ChunkOutcome, MapResults, mapSettings } from './map.ts';
import { checkSignal, checkTimeout } from './wait-options.ts';

/** Options of {@link ThreadPoolExecutor}. */
export interface ThreadPoolExecutorOptions {
  /** Most worker threads (default `os.availableParallelism()`). Workers start lazily and are reused. */
  maxWorkers?: number;
  /** A task run once in each worker before it takes work; if it throws, the executor is broken. */
  initializer?: (...args: any[]) => unknown;
  initargs?: unknown[];
  /** Milliseconds an idle worker lives (default 30 000). Idle workers never keep the process alive. */
  idleTimeout?: number;
  /** Most tasks waiting for a worker (default unbounded); beyond it `submit` throws QueueFull. */
  maxQueue?: number;
  /** V8 heap limits per worker; a worker that exceeds them fails its task with WorkerCrashedError. */
  resourceLimits?: ResourceLimits;
  /** Milliseconds a cancelled or timed-out task has to stop before its worker is terminated (default 1000). */
  cancelGrace?: number;
  /**
   * Calls each worker holds in flight: the one it runs plus those prefetched behind it (default 64).
   * More means fewer round trips for tiny tasks; an idle worker steals prefetched calls that have
   * not started, so long tasks do not hold others up. `1` sends a call only to an idle worker.
   */
  prefetch?: number;
  /** Names the pool in errors and worker data (Python's `thread_name_prefix`). */
  name?: string;
}

const callOptionKeys = new Set(['signal', 'timeout', 'transfer']);

/**
 * Python's `concurrent.futures.ThreadPoolExecutor` on real worker threads: tasks run in
 * parallel, one at a time per worker; results come back as {@link Future}s.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from 'spindle';
 * import { isPrime } from './tasks.ts';
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
 * console.log(await pool.submit(isPrime, 97)); // true
 * console.log(await pool.map(isPrime, [1, 2, 3]).toArray()); // [false, true, true]
 * ```
 */
export class ThreadPoolExecutor implements Executor {
  readonly #pool: Pool;
  readonly #maxWorkers: number;

  constructor(options: ThreadPoolExecutorOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    const maxWorkers = options.maxWorkers ?? availableParallelism();
    if (!Number.isInteger(maxWorkers) || maxWorkers < 1) {
      throw new RangeError(`maxWorkers must be an integer >= 1, got ${String(options.maxWorkers)}`);
    }
    const maxQueue = options.maxQueue ?? Number.POSITIVE_INFINITY;
    if (maxQueue !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxQueue) || maxQueue < 0)) {
      throw new RangeError(`maxQueue must be an integer >= 0, got ${String(options.maxQueue)}`);
    }
    const prefetch = options.prefetch ?? 64;
    if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 1024) {
      throw new RangeError(`prefetch must be an integer from 1 to 1024, got ${String(options.prefetch)}`);
    }
    const initargs = options.initargs ?? [];
    if (!Array.isArray(initargs)) throw new TypeError('initargs must be an array');
    for (let i = 0; i < initargs.length; i++) assertCloneable(initargs[i], `initargs[${i}]`);
    // Shared primitives in initargs travel as wire records; the worker revives them all.
    this.#maxWorkers = maxWorkers;
    this.#pool = new Pool({
      name: options.name ?? 'ThreadPoolExecutor',
      maxWorkers,
      runtime: threadRuntime,
      initializer:
        options.initializer === undefined ? undefined : describeTask(options.initializer, 'initializer'),
      initargs: encodeShared(initargs) as unknown[],
      idleTimeout: checkTimeout(options.idleTimeout, 'idleTimeout') ?? 30_000,
      maxQueue,
      resourceLimits: options.resourceLimits,
      cancelGrace: checkTimeout(options.cancelGrace, 'cancelGrace') ?? 1000,
      prefetch,
    });
  }

  /**
   * Schedules `task(...args)` on a worker. Throws at once — never later — for a task that cannot
   * be shipped, an argument that cannot be cloned, a full queue, or a shut-down executor.
   *
   * @example
   * ```ts
   * const f = pool.submit((a: number, b: number) => a * b, 6, 7); // Future<number>
   * ```
   */
  submit<A extends unknown[], R>(task: (...args: A) => R, ...args: A): Future<Awaited<R>> {
    return this.#submit(undefined, task, args);
  }

  /**
   * `submit` with per-call options: `signal` (cancel), `timeout` (ms from start), `transfer`.
   *
   * @example
   * ```ts
   * const f = pool.submitWith({ timeout: 1000, signal }, crunch, buffer);
   * ```
   */
  submitWith<A extends unknown[], R>(
    options: SubmitOptions,
    task: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>> {
    if (options === null || typeof options !== 'object')
      throw new TypeError('submitWith options must be an object');
    for (const key of Object.keys(options)) {
      if (!callOptionKeys.has(key)) throw new TypeError(`unknown submitWith option "${key}"`);
    }
    return this.#submit(options, task, args);
  }

  /**
   * Maps `task` over `items` lazily and in order, with at most `bufferSize` chunks in flight.
   *
   * @example
   * ```ts
   * for await (const ok of pool.map(isPrime, range(1000))) if (ok) count++;
   * ```
   */
  map<T, R>(
    task: (item: T) => R,
    items: Iterable<T> | AsyncIterable<T>,
    options?: MapOptions,
  ): MapResults<Awaited<R>> {
    const descriptor = describeTask(task);
    if (
      items == null ||
      (typeof (items as Iterable<T>)[Symbol.iterator] !== 'function' &&
        typeof (items as AsyncIterable<T>)[Symbol.asyncIterator] !== 'function')
    ) {
      throw new TypeError('map expects an iterable or async iterable of items');
    }
    const settings = mapSettings(options, this.#maxWorkers * 2);
    return new MapResults<Awaited<R>>(
      {
        submitChunk: (chunk) => {
          let shared = false;
          for (let i = 0; i < chunk.length; i++) {
            shared = assertCloneable(chunk[i], `map item ${i} of its chunk`) || shared;
          }
          return this.#pool.submit<ChunkOutcome<Awaited<R>>>(
            descriptor,
            shared ? (encodeShared(chunk) as unknown[]) : chunk,
            { signal: settings.signal, timeout: undefined, transfer: undefined, shared },
            true,
          );
        },
        room: () => this.#pool.queueRoom(),
      },
      items,
      settings,
    );
  }

  /**
   * Stops accepting work. With `wait` (default) resolves once queued and running work is done
   * and every worker has exited; `cancelFutures` cancels what has not started. Idempotent.
   *
   * @example
   * ```ts
   * await pool.shutdown({ cancelFutures: true });
   * ```
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    const closed = this.#pool.shutdown(options.cancelFutures === true, checkTimeout(options.timeout));
    return options.wait === false ? Promise.resolve() : closed;
  }

  /** `await using pool = new ThreadPoolExecutor()` shuts down (waiting) at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /**
   * Live counters and recent run/wait time percentiles (milliseconds).
   *
   * @example
   * ```ts
   * const { busy, queued, runTime } = pool.stats(); console.log(runTime.p99);
   * ```
   */
  stats(): PoolStats {
    return this.#pool.stats();
  }

  #submit<R>(options: SubmitOptions | undefined, task: Function, args: unknown[]): Future<R> {
    const descriptor = describeTask(task);
    let shared = false;
    for (let i = 0; i < args.length; i++) shared = assertCloneable(args[i], `argument ${i + 1}`) || shared;
    const transfer = options?.transfer;
    if (transfer !== undefined && !Array.isArray(transfer)) throw new TypeError('transfer must be an array');
    return this.#pool.submit<R>(descriptor, shared ? (encodeShared(args) as unknown[]) : args, {
      signal: checkSignal(options?.signal),
      timeout: checkTimeout(options?.timeout),
      transfer,
      shared,
    });
  }
}
