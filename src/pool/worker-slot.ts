import type { WorkerHandle } from '../runtime/runtime.ts';
import { Outbox } from '../wire/outbox.ts';
import { ToWorker, toWorkerArity } from '../wire/protocol.ts';
import type { PoolTask } from './pool-task.ts';

/** The pool's view of one worker: its handle, its state and the call it is running. */
export class WorkerSlot {
  /** Set once the worker has run its initializer and reported READY. */
  ready = false;
  /** The pool stopped it on purpose (idle, cancelled task past its grace, shutdown): not a crash. */
  stopping = false;
  /** The call it is running; undefined while idle. */
  task: PoolTask<unknown> | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  graceTimer: NodeJS.Timeout | undefined;
  handle!: WorkerHandle;
  readonly #knownTasks = new Set<number>();
  readonly outbox: Outbox;

  constructor(
    readonly index: number,
    onSendError: (slot: WorkerSlot, error: unknown) => void,
  ) {
    this.outbox = new Outbox(
      toWorkerArity,
      (batch, transfer) => this.handle.post(batch, transfer),
      (_batch, error) => onSendError(this, error),
    );
  }

  /** Queues the call for this worker; the task's definition travels only the first time. */
  run(task: PoolTask<unknown>): void {
    this.task = task;
    const { id, definition } = task.descriptor;
    const first = !this.#knownTasks.has(id);
    if (first) this.#knownTasks.add(id);
    if (task.transfer) this.outbox.transfer(task.transfer);
    this.outbox.push(ToWorker.RUN, task.callId, id, first ? definition : 0, task.args, task.chunked ? 1 : 0);
  }

  cancel(callId: number): void {
    this.outbox.push(ToWorker.CANCEL, callId);
  }

  stop(): void {
    this.stopping = true;
    this.clearTimers();
    this.handle.terminate();
  }

  clearTimers(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    if (this.graceTimer !== undefined) clearTimeout(this.graceTimer);
    this.idleTimer = undefined;
    this.graceTimer = undefined;
  }
}
