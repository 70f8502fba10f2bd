import type { WorkerHandle } from '../runtime/runtime.ts';
import { Outbox } from '../wire/outbox.ts';
import { RunFlags, writeCancel, writeRun } from '../wire/protocol.ts';
import type { Claims } from '../wire/sent-claims.ts';
import type { PoolTask } from './pool-task.ts';

/** Copied argument bytes a worker may hold beyond the call it runs. */
const PREFETCH_BYTES = 4 * 1024 * 1024;

/** Bytes that cloning copies for a top-level ArrayBuffer / typed-array value (others are not counted). */
function copiedBytes(value: unknown): number {
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value) && !(value.buffer instanceof SharedArrayBuffer)) return value.byteLength;
  return 0;
}

/** Bytes that cloning a call's arguments copies, counted as {@link copiedBytes} does. */
function callBytes(task: PoolTask<unknown>): number {
  if (task.flags & RunFlags.SINGLE_ARG) return copiedBytes(task.payload);
  let bytes = 0;
  for (const arg of task.payload as unknown[]) bytes += copiedBytes(arg);
  return bytes;
}

/**
 * The pool's view of one worker: its handle, and the calls sent to it in order. The worker runs
 * them one at a time in that order, so the first of `inflight` is the one running (or about to);
 * the others may still be withdrawn through its {@link Claims}. A worker that may run only so many
 * calls (`maxTasksPerChild`) takes no more once its budget is spent; the pool then retires it.
 */
export class WorkerSlot {
  /** Set once the worker has run its initializer and reported READY. */
  ready = false;
  /** The pool stopped it on purpose (idle, cancelled task past its grace, shutdown): not a crash. */
  stopping = false;
  /** Calls sent to this worker and not yet answered, in the order the worker will run them. */
  readonly inflight: PoolTask<unknown>[] = [];
  idleTimer: NodeJS.Timeout | undefined;
  /** When it last ran out of calls (performance.now()). */
  idleSince = 0;
  /** Set while a cancelled or timed-out call is given its grace period to stop. */
  graceTimer: NodeJS.Timeout | undefined;
  handle!: WorkerHandle;
  readonly claims: Claims;
  readonly outbox: Outbox;
  /** Calls this worker may still be sent (Infinity unless the pool recycles workers). */
  budget: number;
  readonly #freeCells: number[];
  readonly #knownTasks = new Set<number>();
  /** Copied argument bytes of the calls in `inflight`. */
  #inflightBytes = 0;

  constructor(
    readonly index: number,
    claims: Claims,
    capacity: number,
    budget: number,
    onSendError: (slot: WorkerSlot, error: unknown) => void,
  ) {
    this.claims = claims;
    this.budget = budget;
    this.#freeCells = Array.from({ length: capacity }, (_, i) => capacity - 1 - i);
    this.outbox = new Outbox(
      (batch, transfer) => this.handle.post(batch, transfer),
      (_batch, error) => onSendError(this, error),
    );
  }

  /**
   * Room for more calls: a free cell, and — so that large payloads are not queued by the dozen
   * inside one worker — less than PREFETCH_BYTES of copied arguments already sent (one call always fits).
   */
  get hasRoom(): boolean {
    return (
      this.#freeCells.length > 0 &&
      this.budget > 0 &&
      (this.inflight.length === 0 || this.#inflightBytes < PREFETCH_BYTES)
    );
  }

  /** Sends a call; its task definition travels only the first time this worker sees it. */
  send(task: PoolTask<unknown>): void {
    const cell = this.#freeCells.pop()!;
    this.budget--;
    task.worker = this;
    task.cell = cell;
    this.inflight.push(task);
    this.claims.offer(cell, task.callId);
    const { id, definition } = task.descriptor;
    const first = !this.#knownTasks.has(id);
    if (first) this.#knownTasks.add(id);
    if (task.transfer) this.outbox.transfer(task.transfer);
    writeRun(this.outbox, task.callId, cell, id, first ? definition : undefined, task.payload, task.flags);
    if (!task.transfer) {
      task.bytes = callBytes(task);
      this.#inflightBytes += task.bytes;
      this.outbox.countBytes(task.bytes);
    }
  }

  /** Removes an answered call; returns it, or undefined if it is no longer here. */
  answer(callId: number): PoolTask<unknown> | undefined {
    const at = this.inflight[0]?.callId === callId ? 0 : this.inflight.findIndex((t) => t.callId === callId);
    if (at < 0) return undefined;
    const task = this.inflight[at]!;
    this.#forget(at, task);
    return task;
  }

  /** Takes back a call that has not started (cancel, steal, crash recovery). True when withdrawn. */
  withdraw(task: PoolTask<unknown>): boolean {
    if (task.worker !== this || !this.claims.withdraw(task.cell, task.callId)) return false;
    this.#forget(this.inflight.indexOf(task), task);
    this.budget++;
    return true;
  }

  /** The call's absolute start time if the worker has started it. */
  startedAt(task: PoolTask<unknown>): number | undefined {
    return task.worker === this ? this.claims.startedAt(task.cell, task.callId) : undefined;
  }

  cancel(callId: number): void {
    writeCancel(this.outbox, callId);
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

  #forget(at: number, task: PoolTask<unknown>): void {
    if (at === 0) this.inflight.shift();
    else this.inflight.splice(at, 1);
    this.#freeCells.push(task.cell);
    this.#inflightBytes -= task.bytes;
    task.worker = undefined;
  }
}
