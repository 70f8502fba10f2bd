import type { BrokenExecutorError } from '../errors.ts';
import { absoluteNow } from '../wire/call-claims.ts';
import type { Crashes } from './crashes.ts';
import type { Deadlines } from './deadline.ts';
import { Deque } from './deque.ts';
import type { Dispatch } from './dispatch.ts';
import type { PoolTask } from './pool-task.ts';
import type { PoolSettings } from './settings.ts';
import type { Shutdown } from './shutdown.ts';
import { PoolCounters } from './stats.ts';
import type { Withdrawal } from './withdrawal.ts';
import { WorkerSet } from './worker-set.ts';

/**
 * What the pool's parts (dispatch, claims, crashes, shutdown) share: the queue, the workers,
 * the counters and the pool's phase. Invariants: a task is in the queue, or in exactly one
 * worker's `inflight`, or done; `queuedLive` counts the queue's entries that are not cancelled.
 *
 * @example
 * ```ts
 * const state = new PoolState(settings); state.queue.push(task); state.queuedLive++;
 * ```
 */
export class PoolState {
  readonly queue = new Deque<PoolTask<unknown>>();
  queuedLive = 0;
  readonly workers = new WorkerSet();
  readonly counters = new PoolCounters();
  /** Workers that died before becoming ready, in a row. */
  startFailures = 0;
  broken: BrokenExecutorError | undefined;
  shuttingDown = false;
  /** Set by `cancelFutures`: queued tasks are being cancelled, and none is dispatched. */
  cancelling = false;
  deadlines!: Deadlines;

  constructor(readonly settings: PoolSettings) {}

  /** Tasks not yet started: the queue plus what workers hold behind the call they run. */
  waiting(): number {
    return this.queuedLive + this.workers.prefetched();
  }

  /** Clears a started task's timer and signal listener and records its wait and run times. */
  settleStarted(task: PoolTask<unknown>, startedAt: number | undefined): void {
    this.deadlines.clear(task);
    task.removeAbortListener?.();
    if (startedAt !== undefined) this.counters.times(task.queuedAt, startedAt, absoluteNow());
  }

  /** Fails a task that will not run (further): counted as failed. */
  fail(task: PoolTask<unknown>, error: unknown): void {
    this.settleStarted(task, undefined);
    this.counters.failed++;
    task.setException(error);
  }
}

/**
 * The pool's parts, each one concept, which call one another through this record.
 *
 * @example
 * ```ts
 * parts.dispatch.dispatch(); parts.shutdown.closeIfDrained();
 * ```
 */
export interface PoolParts {
  dispatch: Dispatch;
  withdrawal: Withdrawal;
  crashes: Crashes;
  shutdown: Shutdown;
}
