import { BrokenExecutorError } from '../errors.ts';
import type { WorkerExit } from '../runtime/runtime.ts';
import { crashError } from './crash-error.ts';
import type { PoolParts, PoolState } from './pool-state.ts';
import type { PoolTask } from './pool-task.ts';
import type { WorkerSlot } from './worker-slot.ts';

/** Workers that die before becoming ready this many times in a row break the pool (no respawn loop). */
const MAX_START_FAILURES = 3;

/**
 * What the pool does when a worker dies, a batch cannot be posted, or the executor breaks: calls
 * that never started go back to the queue (or fail, when they cannot be re-sent), the call that
 * was running fails with the crash — nothing runs twice, nothing is lost.
 *
 * @example
 * ```ts
 * runtime.spawn(options, { message, exit: (exit) => parts.crashes.onExit(slot, exit) });
 * ```
 */
export class Crashes {
  constructor(
    private readonly state: PoolState,
    private readonly parts: PoolParts,
  ) {}

  /** A worker exited (stopped on purpose, or died): put back or fail its calls, start another. */
  onExit(slot: WorkerSlot, exit: WorkerExit): void {
    const { state } = this;
    const name = state.settings.name;
    state.workers.remove(slot);
    slot.clearTimers();
    // Calls that never started go back to the front of the queue, in order.
    const calls = [...slot.inflight];
    for (let i = calls.length - 1; i >= 0; i--) {
      const task = calls[i]!;
      if (slot.withdraw(task)) {
        if (task.done()) continue;
        if (task.transfer?.length) {
          // It never ran, but the buffers it transferred died with the worker: it cannot be re-sent.
          const when = 'before the task started, with its transferred arguments';
          state.fail(task, crashError(name, slot.index, exit, when));
          continue;
        }
        state.queue.unshift(task);
        state.queuedLive++;
      } else if (!task.done()) {
        state.fail(task, crashError(name, slot.index, exit));
      }
    }
    slot.inflight.length = 0;
    const { shutdown, dispatch } = this.parts;
    if (state.cancelling) shutdown.cancelUnstarted(); // what was put back is cancelled too
    if (!slot.ready && !slot.stopping && !state.broken && ++state.startFailures >= MAX_START_FAILURES) {
      const cause = crashError(name, slot.index, exit);
      this.break(
        new BrokenExecutorError(`${name}: workers keep dying at start-up; the executor is broken`, { cause }),
      );
    }
    if (!state.broken) dispatch.dispatch();
    shutdown.closeIfDrained();
  }

  /** A batch could not be posted: fail the calls of that worker that have not started. */
  onSendError(slot: WorkerSlot, error: unknown): void {
    for (const task of [...slot.inflight]) {
      if (task.done() || !slot.withdraw(task)) continue;
      this.state.fail(
        task,
        new TypeError(`the task's arguments cannot be sent to a worker: ${String(error)}`, { cause: error }),
      );
    }
    this.parts.dispatch.rebalance(slot);
  }

  /** Python's BrokenThreadPool: work not started fails, later submits throw; running tasks may finish. */
  break(error: BrokenExecutorError): void {
    const { state } = this;
    if (state.broken) return;
    state.broken = error;
    const fail = (task: PoolTask<unknown>) => {
      if (!task.done()) state.fail(task, error);
    };
    for (const task of state.queue.drain()) fail(task);
    state.queuedLive = 0;
    for (const slot of state.workers.all) {
      for (const task of [...slot.inflight]) if (slot.withdraw(task)) fail(task);
      if (slot.inflight.length === 0) this.parts.dispatch.stop(slot);
    }
    this.parts.shutdown.closeIfDrained();
  }
}
