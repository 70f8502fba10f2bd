import { availableParallelism } from 'node:os';
import { Pool } from '../pool/pool.ts';
import type { CallOptions, PoolSettings } from '../pool/settings.ts';
import type { PoolStats } from '../pool/stats.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { describeTask } from '../tasks/describe.ts';
import { checkNotImportingMain } from '../tasks/main-script.ts';
import { type Boundary, prepareValues } from '../wire/cloneable.ts';
import type { Executor, ShutdownOptions, SubmitOptions } from './executor.ts';
import type { Future } from './future.ts';
import { type ChunkOutcome, type MapArguments, MapResults, mapArguments, mapSettings } from './map.ts';
import { checkSignal, checkTimeout } from './wait-options.ts';

/** Options every local pool executor takes (thread or process). */
export interface PoolExecutorOptions {
  /** Most workers (default `os.availableParallelism()`). Workers start lazily and are reused. */
  maxWorkers?: number;
  /** A task run once in each worker before it takes work; if it throws, the executor is broken. */
  initializer?: (...args: any[]) => unknown;
  initargs?: unknown[];
  /** Milliseconds an idle worker lives (default 30 000). Idle workers never keep the process alive. */
  idleTimeout?: number;
  /** Most tasks waiting for a worker (default unbounded); beyond it `submit` throws QueueFull. */
  maxQueue?: number;
  /** Milliseconds a cancelled or timed-out task has to stop before its worker is terminated (default 1000). */
  cancelGrace?: number;
  /** Names the pool in errors and worker data (Python's `thread_name_prefix`). */
  name?: string;
}

/** What a concrete executor adds to the common options. */
interface EngineChoice {
  defaultName: string;
  runtime: Runtime;
  boundary: Boundary;
  prefetch: number;
  maxTasksPerWorker: number;
  resourceLimits?: PoolSettings['resourceLimits'];
}

const callOptionKeys = new Set(['signal', 'timeout', 'transfer']);

// The options of a call made without any (`submit`): one record each, not one per call.
const plainCall: CallOptions = { signal: undefined, timeout: undefined, transfer: undefined, shared: false };
const sharedCall: CallOptions = { ...plainCall, shared: true };

// Made once, not per call: they name a value in the TypeError of a value that cannot be sent.
const argumentLabel = (i: number) => `argument ${i + 1}`;
const chunkItemLabel = (i: number) => `item ${i} of its chunk`;

/**
 * Internal: submits one chunk of items (`task` over each, in one call) and returns the future of
 * its outcome — what `multiprocessing.Pool.imapUnordered` builds on. Not part of the public API.
 */
export const submitChunk: unique symbol = Symbol('spindle.submitChunk');

/** Validates the common options into the pool engine's settings. */
export function poolSettings(options: PoolExecutorOptions, choice: EngineChoice): PoolSettings {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const maxWorkers = options.maxWorkers ?? availableParallelism();
  if (!Number.isInteger(maxWorkers) || maxWorkers < 1) {
    throw new RangeError(`maxWorkers must be an integer >= 1, got ${String(options.maxWorkers)}`);
  }
  const maxQueue = options.maxQueue ?? Number.POSITIVE_INFINITY;
  if (maxQueue !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxQueue) || maxQueue < 0)) {
    throw new RangeError(`maxQueue must be an integer >= 0, got ${String(options.maxQueue)}`);
  }
  const initargs = options.initargs ?? [];
  if (!Array.isArray(initargs)) throw new TypeError('initargs must be an array');
  const prepared = prepareValues(initargs, (i) => `initargs[${i}]`, choice.boundary);
  return {
    name: options.name ?? choice.defaultName,
    maxWorkers,
    runtime: choice.runtime,
    initializer:
      options.initializer === undefined ? undefined : describeTask(options.initializer, 'initializer'),
    // Shared primitives in initargs travel as wire records; the worker revives them all.
    initargs: prepared.values,
    idleTimeout: checkTimeout(options.idleTimeout, 'idleTimeout') ?? 30_000,
    maxQueue,
    resourceLimits: choice.resourceLimits,
    cancelGrace: checkTimeout(options.cancelGrace, 'cancelGrace') ?? 1000,
    prefetch: choice.prefetch,
    maxTasksPerWorker: choice.maxTasksPerWorker,
  };
}

/**
 * The Executor contract over the pool engine, shared by {@link ThreadPoolExecutor} and
 * `ProcessPoolExecutor`: they differ only in their runtime and in what may cross to a worker.
 *
 * @example
 * ```ts
 * const pool: PoolExecutor = useProcesses ? new ProcessPoolExecutor() : new ThreadPoolExecutor();
 * console.log(await pool.submit(square, 7)); // 49
 * ```
 */
export class PoolExecutor implements Executor {
  readonly #pool: Pool;
  readonly #maxWorkers: number;
  readonly #boundary: Boundary;

  /** Subclasses validate their own options and pass the settings; not meant to be called directly. */
  protected constructor(settings: PoolSettings, boundary: Boundary) {
    checkNotImportingMain(`a ${settings.name} was created`);
    this.#pool = new Pool(settings);
    this.#maxWorkers = settings.maxWorkers;
    this.#boundary = boundary;
  }

  /**
   * Schedules `task(...args)` on a worker. Throws at once — never later — for a task that cannot
   * be shipped, an argument that cannot be sent, a full queue, or a shut-down executor.
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
   * Over several iterables, `task(a[i], b[i], …)` until the shortest ends; options go last.
   *
   * @example
   * ```ts
   * for await (const ok of pool.map(isPrime, range(1000))) if (ok) count++;
   * await pool.map(add, [1, 2, 3], [10, 20]).toArray(); // [11, 22]
   * ```
   */
  map<A extends unknown[], R>(
    task: (...args: A) => R,
    ...iterables: MapArguments<A>
  ): MapResults<Awaited<R>> {
    const descriptor = describeTask(task);
    const { sources, options } = mapArguments(iterables);
    const settings = mapSettings(options, this.#maxWorkers * 2, sources.length);
    const boundary = this.#boundary;
    return new MapResults<Awaited<R>>(
      {
        submitChunk: (chunk) => {
          const { values, shared } = prepareValues(chunk, (i) => `map item ${i} of its chunk`, boundary);
          return this.#pool.submit<ChunkOutcome<Awaited<R>>>(
            descriptor,
            values,
            { signal: settings.signal, timeout: undefined, transfer: undefined, shared },
            true,
          );
        },
        submitCall: (args) => this.#submit<Awaited<R>>({ signal: settings.signal }, task, args),
        room: () => this.#pool.queueRoom(),
      },
      sources,
      settings,
    );
  }

  /**
   * Stops accepting work. With `wait` (default) resolves once queued and running work is done
   * and every worker has exited; `cancelFutures` cancels what has not started — a long queue a
   * slice per turn of the event loop, so `wait: false` resolves once all of it is cancelled. Idempotent.
   *
   * @example
   * ```ts
   * await pool.shutdown({ cancelFutures: true });
   * ```
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    const closed = this.#pool.shutdown(options.cancelFutures === true, checkTimeout(options.timeout));
    return options.wait === false ? this.#pool.cancelled() : closed;
  }

  /** `await using pool = new …PoolExecutor()` shuts down (waiting) at the end of the block. */
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

  /** @internal See {@link submitChunk}. */
  [submitChunk]<T, R>(task: (item: T) => R, items: T[]): Future<ChunkOutcome<Awaited<R>>> {
    const descriptor = describeTask(task);
    const { values, shared } = prepareValues(items, chunkItemLabel, this.#boundary);
    const options = { signal: undefined, timeout: undefined, transfer: undefined, shared };
    return this.#pool.submit<ChunkOutcome<Awaited<R>>>(descriptor, values, options, true);
  }

  #submit<R>(options: SubmitOptions | undefined, task: Function, args: unknown[]): Future<R> {
    const descriptor = describeTask(task);
    const { values, shared } = prepareValues(args, argumentLabel, this.#boundary);
    if (options === undefined)
      return this.#pool.submit<R>(descriptor, values, shared ? sharedCall : plainCall);
    const transfer = options.transfer;
    if (transfer !== undefined && !Array.isArray(transfer)) throw new TypeError('transfer must be an array');
    return this.#pool.submit<R>(descriptor, values, {
      signal: checkSignal(options.signal),
      timeout: checkTimeout(options.timeout),
      transfer,
      shared,
    });
  }
}
