import type { ResourceLimits, TransferListItem } from 'node:worker_threads';
import {
  BrokenExecutorError,
  CancelledError,
  deserializeError,
  QueueFull,
  type SerializedError,
  SpindleError,
  TimeoutError,
  WorkerCrashedError,
} from '../errors.ts';
import { abortReason } from '../futures/wait-options.ts';
import type { Runtime, WorkerExit } from '../runtime/runtime.ts';
import type { TaskDescriptor } from '../tasks/describe.ts';
import { forEachRecord } from '../wire/outbox.ts';
import { FromWorker, fromWorkerArity } from '../wire/protocol.ts';
import { Deque } from './deque.ts';
import { PoolTask } from './pool-task.ts';
import { type PoolStats, SampleWindow } from './stats.ts';
import { WorkerSlot } from './worker-slot.ts';

/** Settings of the pool engine, already validated by the executor in front of it. */
export interface PoolSettings {
  name: string;
  maxWorkers: number;
  runtime: Runtime;
  initializer: TaskDescriptor | undefined;
  initargs: unknown[];
  /** ms an idle worker lives before it is stopped. */
  idleTimeout: number;
  /** Most tasks waiting for a worker; `Infinity` for no bound. */
  maxQueue: number;
  resourceLimits: ResourceLimits | undefined;
  /** ms a cancelled or timed-out task gets to notice its signal before its worker is terminated. */
  cancelGrace: number;
}

/** Per-call options, validated. */
export interface CallOptions {
  signal: AbortSignal | undefined;
  timeout: number | undefined;
  transfer: readonly TransferListItem[] | undefined;
}

/** Workers that die before becoming ready this many times in a row break the pool (no respawn loop). */
const MAX_START_FAILURES = 3;

/**
 * The engine behind every local executor: a FIFO of waiting tasks, lazily started workers that
 * each run one task at a time, cancellation and timeouts, crash replacement and shutdown.
 * It knows workers only through the {@link Runtime} interface.
 *
 * Invariants: a task is in the queue or on exactly one worker or done; `#queuedLive` counts the
 * queue's entries that are not cancelled; a worker that has work is ref'd, an idle one is not.
 */
export class Pool {
  readonly #settings: PoolSettings;
  readonly #queue = new Deque<PoolTask<unknown>>();
  #queuedLive = 0;
  readonly #workers = new Set<WorkerSlot>();
  readonly #idle: WorkerSlot[] = [];
  #starting = 0;
  #spawned = 0;
  #startFailures = 0;
  #broken: BrokenExecutorError | undefined;
  #shuttingDown = false;
  #closed: Promise<void> | undefined;
  #onClosed: (() => void) | undefined;
  #completed = 0;
  #failed = 0;
  #cancelled = 0;
  readonly #runTimes = new SampleWindow();
  readonly #waitTimes = new SampleWindow();
  readonly #onQueuedCancel = (task: PoolTask<unknown>) => this.#queuedCancelled(task);
  readonly #onTimeout = (task: PoolTask<unknown>) =>
    this.#abortRunning(
      task,
      new TimeoutError(`the task did not finish within ${task.timeout} ms of starting`),
    );

  constructor(settings: PoolSettings) {
    this.#settings = settings;
  }

  /** Queues one call (or one chunk of `map` items) and returns its future. */
  submit<T>(descriptor: TaskDescriptor, args: unknown[], options: CallOptions, chunked = false): PoolTask<T> {
    this.#assertAccepting();
    if (this.#queuedLive >= this.#settings.maxQueue) {
      throw new QueueFull(`${this.#settings.name}: ${this.#queuedLive} tasks already wait (maxQueue)`);
    }
    const task = new PoolTask<T>(
      this.#onQueuedCancel as (task: PoolTask<T>) => void,
      descriptor,
      args,
      chunked,
      options.timeout,
      options.transfer,
    ) as PoolTask<unknown>;
    const { signal } = options;
    if (signal) {
      if (signal.aborted) {
        task.cancel();
        return task as PoolTask<T>;
      }
      const onAbort = () => this.#onSignal(task, signal);
      signal.addEventListener('abort', onAbort, { once: true });
      task.removeAbortListener = () => signal.removeEventListener('abort', onAbort);
    }
    this.#queue.push(task);
    this.#queuedLive++;
    this.#dispatch();
    return task as PoolTask<T>;
  }

  /** Room left in the queue before `submit` throws QueueFull. */
  queueRoom(): number {
    return this.#settings.maxQueue - this.#queuedLive;
  }

  /**
   * Stops taking work. Queued work still runs unless `cancelFutures`; the returned promise
   * settles when every worker has exited. `timeout` bounds the wait: past it, running tasks fail
   * with CancelledError and their workers are terminated.
   */
  shutdown(cancelFutures: boolean, timeout: number | undefined): Promise<void> {
    this.#shuttingDown = true;
    if (cancelFutures) for (const task of this.#queue.drain()) task.cancel();
    this.#closed ??= new Promise<void>((resolve) => {
      this.#onClosed = resolve;
    });
    if (timeout !== undefined) setTimeout(() => this.#forceClose(), timeout).unref();
    this.#closeIfDrained();
    return this.#closed;
  }

  stats(): PoolStats {
    let busy = 0;
    for (const slot of this.#workers) if (slot.task) busy++;
    return {
      workers: this.#workers.size,
      busy,
      idle: this.#idle.length,
      queued: this.#queuedLive,
      completed: this.#completed,
      failed: this.#failed,
      cancelled: this.#cancelled,
      runTime: this.#runTimes.summary(),
      waitTime: this.#waitTimes.summary(),
    };
  }

  #assertAccepting(): void {
    if (this.#broken) throw this.#broken;
    if (this.#shuttingDown) {
      throw new SpindleError(
        'ERR_EXECUTOR_SHUTDOWN',
        `${this.#settings.name}: cannot submit after shutdown()`,
      );
    }
  }

  #dispatch(): void {
    while (this.#queuedLive > 0 && this.#idle.length > 0) {
      const task = this.#nextQueued();
      if (task === undefined) break;
      this.#start(this.#idle.pop()!, task);
    }
    // One new worker per waiting task not already covered by a worker that is starting.
    while (
      !this.#broken &&
      this.#queuedLive > this.#starting &&
      this.#workers.size < this.#settings.maxWorkers
    ) {
      this.#spawn();
    }
  }

  #nextQueued(): PoolTask<unknown> | undefined {
    for (let task = this.#queue.shift(); task !== undefined; task = this.#queue.shift()) {
      if (task.cancelled()) continue; // already counted out by #queuedCancelled
      this.#queuedLive--;
      return task;
    }
    return undefined;
  }

  #start(slot: WorkerSlot, task: PoolTask<unknown>): void {
    task.setRunningOrNotifyCancel();
    task.worker = slot;
    task.startedAt = performance.now();
    this.#waitTimes.add(task.startedAt - task.queuedAt);
    if (task.timeout !== undefined) {
      task.timer = setTimeout(this.#onTimeout, task.timeout, task);
      task.timer.unref();
    }
    if (slot.idleTimer !== undefined) {
      clearTimeout(slot.idleTimer);
      slot.idleTimer = undefined;
    }
    slot.handle.ref();
    slot.run(task);
  }

  #spawn(): void {
    const slot = new WorkerSlot(this.#spawned++, (s, error) => this.#onSendError(s, error));
    this.#starting++;
    this.#workers.add(slot);
    slot.handle = this.#settings.runtime.spawn(
      {
        boot: {
          poolName: this.#settings.name,
          workerIndex: slot.index,
          initializer: this.#settings.initializer?.definition,
          initargs: this.#settings.initargs,
        },
        resourceLimits: this.#settings.resourceLimits,
      },
      {
        message: (batch) => this.#onMessage(slot, batch),
        exit: (exit) => this.#onExit(slot, exit),
      },
    );
  }

  #onMessage(slot: WorkerSlot, batch: unknown[]): void {
    forEachRecord(batch, fromWorkerArity, (op, a, b) => {
      switch (op) {
        case FromWorker.DONE:
        case FromWorker.FAILED:
          this.#onResult(slot, op, a as number, b);
          break;
        case FromWorker.READY:
          slot.ready = true;
          this.#starting--;
          this.#startFailures = 0;
          this.#release(slot);
          break;
        case FromWorker.INIT_FAILED:
          this.#starting--;
          this.#break(
            new BrokenExecutorError(
              `${this.#settings.name}: the initializer failed; the executor is broken`,
              {
                cause: deserializeError(a as SerializedError),
              },
            ),
          );
          break;
      }
    });
  }

  #onResult(slot: WorkerSlot, op: number, callId: number, payload: unknown): void {
    const task = slot.task;
    if (task === undefined || task.callId !== callId) return; // a late answer for a call already settled
    slot.task = undefined;
    if (slot.graceTimer !== undefined) {
      clearTimeout(slot.graceTimer);
      slot.graceTimer = undefined;
    }
    if (!task.done()) {
      this.#settleRun(task);
      if (op === FromWorker.DONE) {
        this.#completed++;
        task.setResult(payload);
      } else {
        this.#failed++;
        task.setException(deserializeError(payload as SerializedError));
      }
    }
    this.#release(slot);
  }

  /** A worker became free: give it the next task, or let it idle without keeping the process alive. */
  #release(slot: WorkerSlot): void {
    if (this.#broken || (this.#shuttingDown && this.#queuedLive === 0)) {
      slot.stop();
      return;
    }
    const task = this.#nextQueued();
    if (task !== undefined) {
      this.#start(slot, task);
      return;
    }
    this.#idle.push(slot);
    slot.handle.unref();
    if (Number.isFinite(this.#settings.idleTimeout)) {
      slot.idleTimer = setTimeout(() => this.#retire(slot), this.#settings.idleTimeout);
      slot.idleTimer.unref();
    }
  }

  #retire(slot: WorkerSlot): void {
    const at = this.#idle.indexOf(slot);
    if (at >= 0) this.#idle.splice(at, 1);
    slot.stop();
  }

  #onExit(slot: WorkerSlot, exit: WorkerExit): void {
    this.#workers.delete(slot);
    const at = this.#idle.indexOf(slot);
    if (at >= 0) this.#idle.splice(at, 1);
    slot.clearTimers();
    if (!slot.ready && !this.#broken) this.#starting--;
    const task = slot.task;
    slot.task = undefined;
    if (task !== undefined && !task.done()) {
      this.#settleRun(task);
      this.#failed++;
      task.setException(crashError(this.#settings.name, slot, exit));
    }
    if (!slot.ready && !slot.stopping && !this.#broken && ++this.#startFailures >= MAX_START_FAILURES) {
      this.#break(
        new BrokenExecutorError(
          `${this.#settings.name}: workers keep dying at start-up; the executor is broken`,
          {
            cause: crashError(this.#settings.name, slot, exit),
          },
        ),
      );
    }
    if (!this.#broken) this.#dispatch();
    this.#closeIfDrained();
  }

  #onSignal(task: PoolTask<unknown>, signal: AbortSignal): void {
    if (task.state === 'PENDING') task.cancel();
    else this.#abortRunning(task, abortReason(signal));
  }

  #queuedCancelled(task: PoolTask<unknown>): void {
    this.#queuedLive--;
    this.#cancelled++;
    task.removeAbortListener?.();
    this.#closeIfDrained();
  }

  /**
   * Fails a running task now, aborts its signal inside the worker, and terminates the worker if
   * the task is still running after the grace period (the replacement is spawned on exit).
   */
  #abortRunning(task: PoolTask<unknown>, reason: unknown): void {
    if (task.done()) return;
    this.#settleRun(task);
    if (reason instanceof TimeoutError) this.#failed++;
    else this.#cancelled++;
    task.setException(reason);
    const slot = task.worker;
    if (slot === undefined || slot.task !== task) return;
    slot.cancel(task.callId);
    slot.graceTimer = setTimeout(() => {
      if (slot.task === task) slot.stop();
    }, this.#settings.cancelGrace);
  }

  /** Clears a started task's timer and signal listener and records its run time. */
  #settleRun(task: PoolTask<unknown>): void {
    if (task.timer !== undefined) clearTimeout(task.timer);
    task.removeAbortListener?.();
    if (task.startedAt > 0) this.#runTimes.add(performance.now() - task.startedAt);
  }

  #onSendError(slot: WorkerSlot, error: unknown): void {
    const task = slot.task;
    if (task === undefined || task.done()) return;
    slot.task = undefined;
    this.#settleRun(task);
    this.#failed++;
    task.setException(
      new TypeError(`the task's arguments cannot be sent to a worker: ${String(error)}`, { cause: error }),
    );
    this.#release(slot);
  }

  /** Python's BrokenThreadPool: queued work fails, later submits throw; running tasks may finish. */
  #break(error: BrokenExecutorError): void {
    if (this.#broken) return;
    this.#broken = error;
    for (const task of this.#queue.drain()) {
      if (task.done()) continue;
      task.removeAbortListener?.();
      this.#failed++;
      task.setException(error);
    }
    this.#queuedLive = 0;
    for (const slot of this.#workers) if (slot.task === undefined) slot.stop();
    this.#idle.length = 0;
    this.#closeIfDrained();
  }

  #closeIfDrained(): void {
    if (!this.#shuttingDown || this.#queuedLive > 0) return;
    for (const slot of this.#workers) {
      if (slot.task !== undefined) return;
    }
    for (const slot of this.#workers) if (!slot.stopping) slot.stop();
    this.#idle.length = 0;
    if (this.#workers.size === 0) this.#onClosed?.();
  }

  #forceClose(): void {
    for (const task of this.#queue.drain()) task.cancel();
    for (const slot of this.#workers) {
      const task = slot.task;
      if (task !== undefined) this.#abortRunning(task, new CancelledError('the executor was shut down'));
      slot.stop();
    }
  }
}

function crashError(poolName: string, slot: WorkerSlot, exit: WorkerExit): WorkerCrashedError {
  const cause = exit.error;
  const outOfMemory = (cause as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
  const how = outOfMemory
    ? 'ran out of memory'
    : cause
      ? `died from an uncaught ${cause.name}: ${cause.message}`
      : `exited with code ${exit.exitCode}${exit.signal ? ` (${exit.signal})` : ''}`;
  return new WorkerCrashedError(`${poolName} worker ${slot.index} ${how}`, {
    exitCode: exit.exitCode,
    signal: exit.signal,
    cause,
  });
}
