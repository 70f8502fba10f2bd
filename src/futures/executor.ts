import type { TransferListItem } from 'node:worker_threads';
import type { Future } from './future.ts';
import type { MapArguments, MapResults } from './map.ts';

/** Per-call options of {@link Executor.submitWith}. */
export interface SubmitOptions {
  /** Aborting cancels a queued task, or aborts a running task's signal (and, after a grace period, its worker). */
  signal?: AbortSignal;
  /** Milliseconds from the task's start (not its queueing); past it the future rejects with TimeoutError. */
  timeout?: number;
  /** ArrayBuffers / MessagePorts among the arguments to move instead of copy. */
  transfer?: readonly TransferListItem[];
}

/** Options of {@link Executor.map}. */
export interface MapOptions {
  /** Milliseconds from the `map` call; when a result is not ready by then, iteration throws TimeoutError. */
  timeout?: number;
  /** Items sent to a worker per call (fewer messages for tiny tasks). Default 1. */
  chunksize?: number;
  /** Chunks submitted ahead of the consumer. Bounds memory for endless iterables. Default 2 × maxWorkers. */
  bufferSize?: number;
  /** Aborting stops the map: outstanding work is cancelled and iteration throws the reason. */
  signal?: AbortSignal;
}

/** Options of {@link Executor.shutdown}. */
export interface ShutdownOptions {
  /** Wait for running and queued work and for the workers to exit (default true). */
  wait?: boolean;
  /** Cancel tasks that have not started (default false). */
  cancelFutures?: boolean;
  /** Milliseconds after which running work is cancelled and workers are terminated (default: no bound). */
  timeout?: number;
}

/**
 * What every spindle executor implements — thread pool, process pool and the distributed
 * executor — so that switching between them is a one-line change. Python's `Executor`.
 *
 * @example
 * ```ts
 * async function total(executor: Executor, items: number[]) {
 *   return (await executor.map(square, items).toArray()).reduce((a, b) => a + b, 0);
 * }
 * ```
 */
export interface Executor extends AsyncDisposable {
  /** Schedules `task(...args)` and returns its Future. */
  submit<A extends unknown[], R>(task: (...args: A) => R, ...args: A): Future<Awaited<R>>;
  /** `submit` with per-call options (signal, timeout, transfer). */
  submitWith<A extends unknown[], R>(
    options: SubmitOptions,
    task: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>>;
  /**
   * Lazily maps `task` over the items, yielding results in order with bounded prefetch:
   * `map(square, xs)`, `map(square, xs, { chunksize: 100 })`, or Python's `map(pow, bases, exps)`
   * over several iterables (stops at the shortest). Options are recognised only as the last
   * argument, and only when it is a plain object that is not iterable.
   */
  map<A extends unknown[], R>(task: (...args: A) => R, ...iterables: MapArguments<A>): MapResults<Awaited<R>>;
  /** Stops accepting work and releases the workers. */
  shutdown(options?: ShutdownOptions): Promise<void>;
}
