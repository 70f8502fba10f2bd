import { TimeoutError } from '../errors.ts';
import type { PoolParts, PoolState } from './pool-state.ts';
import type { PoolTask } from './pool-task.ts';
import type { WorkerSlot } from './worker-slot.ts';

/**
 * Taking work back, decided by claim cells alone: a cancel withdraws a task that has not started
 * (from the queue, or from behind a worker's running call), an idle worker steals calls
 * prefetched behind a busy one, and a started task that is cancelled or times out is failed now,
 * told to stop, and its worker terminated if it does not stop within the grace period.
 *
 * @example
 * ```ts
 * const task = new PoolTask((t) => parts.withdrawal.withdraw(t), descriptor, args, …);
 * ```
 */
export class Withdrawal {
  constructor(
    private readonly state: PoolState,
    private readonly parts: PoolParts,
  ) {}

  /**
   * Future.cancel's hook: takes the task back if it has not started — from the queue, or from a
   * worker's prefetched calls through its claim cell. False when it has started.
   */
  withdraw(task: PoolTask<unknown>): boolean {
    const { state } = this;
    const slot = task.worker;
    if (slot !== undefined) {
      if (!slot.withdraw(task)) return false;
      if (slot.inflight.length === 0) this.parts.dispatch.rebalance(slot);
    } else {
      state.queuedLive--; // the queue entry is skipped when it reaches the front
    }
    state.deadlines.clear(task);
    task.removeAbortListener?.();
    state.counters.cancelled++;
    this.parts.shutdown.closeIfDrained();
    return true;
  }

  /** An idle worker takes calls prefetched behind a busy worker's running call. */
  steal(thief: WorkerSlot): void {
    for (const task of this.state.workers.stealFor(thief)) this.parts.dispatch.send(thief, task);
  }

  /**
   * Fails a running task now, aborts its signal inside the worker, and terminates the worker if
   * the task is still running after the grace period (calls queued behind it are requeued on exit).
   */
  abortRunning(task: PoolTask<unknown>, reason: unknown): void {
    if (task.done()) return;
    const { state } = this;
    state.settleStarted(task, undefined);
    if (reason instanceof TimeoutError) state.counters.failed++;
    else state.counters.cancelled++;
    task.setException(reason);
    const slot = task.worker;
    if (slot === undefined) return;
    slot.cancel(task.callId);
    if (slot.graceTimer !== undefined) clearTimeout(slot.graceTimer);
    slot.graceTimer = setTimeout(() => {
      if (task.worker === slot) this.parts.dispatch.stop(slot);
    }, state.settings.cancelGrace);
  }
}
