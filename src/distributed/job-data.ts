/**
 * What a spindle job holds in Redis, and the names both sides agree on. No code travels: a job
 * names a task; the worker looks that name up among the modules it was started with.
 * @module
 */
import { taskRefOf } from '../tasks/task.ts';

/** The BullMQ job data of one spindle call. */
export interface JobData {
  /** The task's registered name (its `defineTask` name). */
  t: string;
  /** The arguments (or, for a map chunk, the items), encoded by `encodeValue`. */
  a: string;
  /** 1 when `a` holds map items: the task runs once per item and the result is a ChunkOutcome. */
  c?: 1;
  /** Milliseconds the task may run once started (enforced by the worker). */
  to?: number;
}

/** The pub/sub channel on which producers ask workers to stop running jobs. */
export function cancelChannel(queue: string): string {
  return `spindle:${queue}:cancel`;
}

/**
 * The key that records a running job's cancellation for {@link CANCEL_RECORD_MS}: pub/sub
 * delivers at most once (a subscriber reconnecting misses what was published meanwhile), so
 * workers also look here for the jobs they run (see runWorker).
 */
export function cancelKey(queue: string, jobId: string): string {
  return `spindle:${queue}:cancelled:${jobId}`;
}

/** How long a cancellation record lives: far longer than any worker's look at it takes. */
export const CANCEL_RECORD_MS = 3_600_000;

/**
 * The name a task is known by across machines: the `defineTask` name. Anything else (an inline
 * function) is refused, since no code travels over Redis.
 *
 * @example
 * ```ts
 * taskName(isPrime); // 'isPrime'
 * ```
 */
export function taskName(task: unknown): string {
  const ref = typeof task === 'function' ? taskRefOf(task) : undefined;
  if (ref === undefined) {
    throw new TypeError(
      'a distributed task must be made with defineTask(import.meta.url, fn) in a module the workers load ' +
        '(spindle worker --tasks that-module); inline functions cannot travel over Redis',
    );
  }
  return ref.name;
}

/** Validates a `retries` option. */
export function checkRetries(value: unknown, what = 'retries'): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${what} must be an integer >= 0, got ${String(value)}`);
  }
  return value;
}

/** Validates a BullMQ priority (1 is the highest; jobs without one run before all prioritised ones). */
export function checkPriority(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2_097_152) {
    throw new RangeError(`priority must be an integer from 1 (highest) to 2097152, got ${String(value)}`);
  }
  return value;
}

/** Validates a caller-chosen job id (BullMQ refuses integers and `:`). */
export function checkJobId(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.includes(':') || /^\d+$/.test(value)) {
    throw new TypeError(
      `jobId must be a non-empty string without ":" that is not an integer, got ${String(value)}`,
    );
  }
  return value;
}
