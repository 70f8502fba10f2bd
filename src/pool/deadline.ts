import { absoluteNow } from '../wire/call-claims.ts';
import type { PoolTask } from './pool-task.ts';

/**
 * Enforces a task's `timeout` counted from its start, which only the worker knows: the timer is
 * first armed for `timeout` ms from dispatch (the earliest it can expire) and, when it fires,
 * re-armed from the start time the worker wrote into the call's claim cell.
 */
export class Deadlines {
  readonly #onCheck = (task: PoolTask<unknown>) => this.#check(task);

  /** @param expire called when a started task has run for its whole timeout. */
  constructor(private readonly expire: (task: PoolTask<unknown>) => void) {}

  /** Starts watching a task that has a timeout (no-op if it is already watched). */
  watch(task: PoolTask<unknown>): void {
    if (task.timeout !== undefined && task.timer === undefined) this.#arm(task, task.timeout);
  }

  /** Stops watching. */
  clear(task: PoolTask<unknown>): void {
    if (task.timer !== undefined) clearTimeout(task.timer);
    task.timer = undefined;
  }

  #arm(task: PoolTask<unknown>, ms: number): void {
    task.timer = setTimeout(this.#onCheck, ms, task);
    task.timer.unref();
  }

  #check(task: PoolTask<unknown>): void {
    task.timer = undefined;
    if (task.done()) return;
    const timeout = task.timeout!;
    const startedAt = task.worker?.startedAt(task);
    if (startedAt === undefined) {
      this.#arm(task, timeout); // not started yet: its clock has not begun
      return;
    }
    const left = startedAt + timeout - absoluteNow();
    if (left > 0) this.#arm(task, left);
    else this.expire(task);
  }
}
