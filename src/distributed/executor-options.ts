/**
 * The options of a DistributedExecutor and of its calls, validated once, and turned into what
 * BullMQ stores with each job.
 * @module
 */
import type { JobsOptions } from 'bullmq';
import type { SubmitOptions } from '../futures/executor.ts';
import { checkTimeout } from '../futures/wait-options.ts';
import type { ConnectionSpec } from './connection.ts';
import { checkJobId, checkPriority, checkRetries } from './job-data.ts';

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
  /**
   * How long (ms) pending futures wait for a lost Redis connection to come back before they
   * reject with RedisUnavailableError (default 30 000: a Redis restart or failover fits in it).
   */
  reconnectTimeout?: number;
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

/** The validated executor-wide settings. */
export interface ExecutorSettings {
  queue: string;
  retries: number;
  backoff: number;
  timeout: number | undefined;
  removeAfter: number;
  maxJobBytes: number;
  connectTimeout: number;
  reconnectTimeout: number;
  reconcileInterval: number;
}

const callOptionKeys = new Set(['signal', 'timeout', 'transfer', 'retries', 'priority', 'jobId']);

/**
 * Validates the executor's options (TypeError/RangeError at construction, not a hang later).
 *
 * @example
 * ```ts
 * executorSettings({ connection: 'redis://127.0.0.1:6379' }).queue; // 'spindle'
 * ```
 */
export function executorSettings(options: DistributedExecutorOptions): ExecutorSettings {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const queue = options.queue ?? 'spindle';
  if (typeof queue !== 'string' || queue === '' || queue.includes(':')) {
    throw new TypeError(`queue must be a non-empty name without ":", got ${String(options.queue)}`);
  }
  const maxJobBytes = options.maxJobBytes ?? 1_048_576;
  if (!Number.isInteger(maxJobBytes) || maxJobBytes < 1) {
    throw new RangeError(`maxJobBytes must be an integer >= 1, got ${String(options.maxJobBytes)}`);
  }
  return {
    queue,
    retries: checkRetries(options.defaultRetries, 'defaultRetries') ?? 0,
    backoff: checkTimeout(options.backoff, 'backoff') ?? 1000,
    timeout: checkTimeout(options.defaultTimeout, 'defaultTimeout'),
    removeAfter: checkTimeout(options.removeAfter, 'removeAfter') ?? 3_600_000,
    maxJobBytes,
    connectTimeout: checkTimeout(options.connectTimeout, 'connectTimeout') ?? 3000,
    reconnectTimeout: checkTimeout(options.reconnectTimeout, 'reconnectTimeout') ?? 30_000,
    reconcileInterval: checkTimeout(options.reconcileInterval, 'reconcileInterval') ?? 5000,
  };
}

/**
 * Checks `submitWith`'s options object: an unknown key is a TypeError (a typo must not be ignored).
 *
 * @example
 * ```ts
 * checkCallOptions({ retries: 2 }); // ok
 * checkCallOptions({ retry: 2 });   // TypeError: unknown submitWith option "retry"
 * ```
 */
export function checkCallOptions(options: DistributedSubmitOptions): void {
  if (options === null || typeof options !== 'object')
    throw new TypeError('submitWith options must be an object');
  for (const key of Object.keys(options)) {
    if (!callOptionKeys.has(key)) throw new TypeError(`unknown submitWith option "${key}"`);
  }
}

/**
 * The BullMQ options of one call: attempts and backoff for retries, priority, jobId.
 *
 * @example
 * ```ts
 * callJobOptions({ retries: 2 }, settings); // { attempts: 3, backoff: { type: 'exponential', delay: 1000 } }
 * ```
 */
export function callJobOptions(
  options: DistributedSubmitOptions | undefined,
  settings: ExecutorSettings,
): JobsOptions {
  const retries = checkRetries(options?.retries) ?? settings.retries;
  const priority = checkPriority(options?.priority);
  const jobId = checkJobId(options?.jobId);
  const opts: JobsOptions = {};
  if (retries > 0) {
    opts.attempts = retries + 1;
    opts.backoff = { type: 'exponential', delay: settings.backoff };
  }
  if (priority !== undefined) opts.priority = priority;
  if (jobId !== undefined) opts.jobId = jobId;
  return opts;
}
