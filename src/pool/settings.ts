import type { ResourceLimits, TransferListItem } from 'node:worker_threads';
import type { Runtime } from '../runtime/runtime.ts';
import type { TaskDescriptor } from '../tasks/describe.ts';

/**
 * Settings of the pool engine, already validated by the executor in front of it.
 *
 * @example
 * ```ts
 * const pool = new Pool({ ...poolSettings(options, choice) });
 * ```
 */
export interface PoolSettings {
  name: string;
  maxWorkers: number;
  runtime: Runtime;
  initializer: TaskDescriptor | undefined;
  initargs: unknown[];
  /** ms an idle worker lives before it is stopped. */
  idleTimeout: number;
  /** Most tasks waiting to start (in the pool's queue or prefetched by workers); `Infinity` for no bound. */
  maxQueue: number;
  resourceLimits: ResourceLimits | undefined;
  /** ms a cancelled or timed-out task gets to notice its signal before its worker is terminated. */
  cancelGrace: number;
  /** Calls sent to a worker ahead of the one it is running (≥ 1): fewer round trips for small tasks. */
  prefetch: number;
  /** Calls a worker runs before it is replaced by a fresh one (`Infinity`: never). */
  maxTasksPerWorker: number;
}

/**
 * Per-call options, validated.
 *
 * @example
 * ```ts
 * pool.submit(descriptor, args, { signal, timeout: 1000, transfer: undefined });
 * ```
 */
export interface CallOptions {
  signal: AbortSignal | undefined;
  timeout: number | undefined;
  transfer: readonly TransferListItem[] | undefined;
  /** The arguments hold shared-primitive wire records, which the worker revives. */
  shared?: boolean;
  /**
   * False: while this call runs, its worker does not keep the process alive (a daemon Thread).
   * Decided by the call that finds its worker idle, so it is exact with `prefetch: 1`.
   */
  keepAlive?: boolean;
}
