import type { ResourceLimits, TransferListItem } from 'node:worker_threads';
import { BrokenExecutorError, CancelledError, QueueFull, SpindleError, TimeoutError } from '../errors.ts';
import { abortReason } from '../futures/wait-options.ts';
import type { Runtime, WorkerExit } from '../runtime/runtime.ts';
import type { TaskDescriptor } from '../tasks/describe.ts';
import { absoluteNow } from '../wire/call-claims.ts';
import { deserializeError, type SerializedError } from '../wire/error-codec.ts';
import { type Batch, BatchReader } from '../wire/outbox.ts';
import { FromWorker } from '../wire/protocol.ts';
import { crashError } from './crash-error.ts';
import { Deadlines } from './deadline.ts';
import { Deque } from './deque.ts';
import { PoolTask } from './pool-task.ts';
import { PoolCounters, type PoolStats } from './stats.ts';
import { WorkerSet } from './worker-set.ts';
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

/** Per-call options, validated. */
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

/** Workers that die before becoming ready this many times in a row break the pool (no respawn loop). */
const MAX_START_FAILURES = 3;

/** Queued tasks `shutdown({ cancelFutures })` cancels per turn of the event loop (then it yields). */
export const CANCEL_SLICE = 1024;

/**
 * The engine behind every local executor: a FIFO of waiting tasks, lazily started workers that
 * each run one task at a time with a few more prefetched, least-loaded dispatch, work stealing
 * for idle workers, cancellation and timeouts, crash recovery and shutdown. It knows workers only
 * through the {@link Runtime} interface.
 *
 * Invariants: a task is in the queue, or in exactly one worker's `inflight`, or done; whether a
 * task in `inflight` has started is decided by its claim cell alone; `#queuedLive` counts the
 * queue's entries that are not cancelled; a worker with calls is ref'd, an idle one is not.
 */
export class Pool {
  readonly #settings: PoolSettings;
  readonly #queue = new Deque<PoolTask<unknown>>();
  #queuedLive = 0;
  readonly #workers = new WorkerSet();
  #spawned = 0;
  #startFailures = 0;
  #broken: BrokenExecutorError | undefined;
  #shuttingDown = false;
  /** Set by `cancelFutures`: queued tasks are cancelled, a slice per turn, and none is dispatched. */
  #cancelling: Promise<void> | undefined;
  #onCancelled: (() => void) | undefined;
  #closed: Promise<void> | undefined;
  #onClosed: (() => void) | undefined;
  readonly #counters = new PoolCounters();
  readonly #onCancel = (task: PoolTask<unknown>) => this.#withdraw(task);
  readonly #deadlines = new Deadlines((task) =>
    this.#abortRunning(
      task,
      new TimeoutError(`the task did not finish within ${task.timeout} ms of starting`),
    ),
  );

  constructor(settings: PoolSettings) {
    this.#settings = settings;
  }

  /** Queues one call (or one chunk of `map` items) and returns its future. */
  submit<T>(descriptor: TaskDescriptor, args: unknown[], options: CallOptions, chunked = false): PoolTask<T> {
    this.#assertAccepting();
    if (this.queueRoom() <= 0) {
      throw new QueueFull(`${this.#settings.name}: ${this.#settings.maxQueue} tasks already wait (maxQueue)`);
    }
    const task = new PoolTask<unknown>(
      this.#onCancel,
      descriptor,
      args,
      chunked,
      options.timeout,
      options.transfer,
      options.shared === true,
    );
    const { signal } = options;
    if (signal) {
      if (signal.aborted) {
        task.cancel();
        return task as PoolTask<T>;
      }
      const onAbort = () => {
        if (!task.cancel()) this.#abortRunning(task, abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      task.removeAbortListener = () => signal.removeEventListener('abort', onAbort);
    }
    if (options.keepAlive === false) task.keepAlive = false;
    this.#queue.push(task);
    this.#queuedLive++;
    this.#dispatch();
    return task as PoolTask<T>;
  }

  /** Room left before `submit` throws QueueFull: maxQueue minus the tasks waiting to start. */
  queueRoom(): number {
    const { maxQueue } = this.#settings;
    return maxQueue === Number.POSITIVE_INFINITY ? maxQueue : maxQueue - this.#waiting();
  }

  /**
   * Stops taking work. Queued work still runs unless `cancelFutures`; the returned promise
   * settles when every worker has exited. `timeout` bounds the wait: past it, running tasks fail
   * with CancelledError and their workers are terminated.
   */
  shutdown(cancelFutures: boolean, timeout: number | undefined): Promise<void> {
    this.#shuttingDown = true;
    if (cancelFutures) this.#cancelUnstarted();
    this.#closed ??= new Promise<void>((resolve) => {
      this.#onClosed = resolve;
    });
    if (timeout !== undefined) setTimeout(() => this.#forceClose(), timeout).unref();
    this.#closeIfDrained();
    return this.#closed;
  }

  /**
   * Settles once every task that had not started when `cancelFutures` was asked is cancelled
   * (at once when there was no such request). A long queue is cancelled a slice at a time.
   */
  cancelled(): Promise<void> {
    return this.#cancelling ?? Promise.resolve();
  }

  stats(): PoolStats {
    const busy = this.#workers.busy();
    const live = { workers: this.#workers.size, busy, idle: this.#workers.ready.length - busy };
    return this.#counters.snapshot({ ...live, queued: this.#waiting() });
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

  /** Tasks not yet started: the queue plus what workers hold behind the call they run. */
  #waiting(): number {
    return this.#queuedLive + this.#workers.prefetched();
  }

  /** Sends queued tasks to the least-loaded workers with room, then starts workers if work waits. */
  #dispatch(): void {
    if (this.#cancelling) return; // what is queued is being cancelled, and workers need not start
    while (this.#queuedLive > 0) {
      const slot = this.#workers.leastLoaded();
      if (slot === undefined) break;
      this.#send(slot, this.#nextQueued()!);
    }
    const workers = this.#workers;
    while (!this.#broken && this.#waiting() > workers.starting && workers.size < this.#settings.maxWorkers) {
      this.#spawn();
    }
  }

  #nextQueued(): PoolTask<unknown> | undefined {
    for (let task = this.#queue.shift(); task !== undefined; task = this.#queue.shift()) {
      if (task.cancelled()) continue; // already counted out by #withdraw
      this.#queuedLive--;
      return task;
    }
    return undefined;
  }

  #send(slot: WorkerSlot, task: PoolTask<unknown>): void {
    if (slot.inflight.length === 0) {
      if (task.keepAlive) slot.handle.ref();
      else slot.handle.unref(); // a fresh worker starts ref'd
    }
    slot.send(task);
    this.#deadlines.watch(task);
  }

  #spawn(): void {
    const { prefetch, runtime } = this.#settings;
    const slot = new WorkerSlot(
      this.#spawned++,
      runtime.createClaims(prefetch),
      prefetch,
      this.#settings.maxTasksPerWorker,
      (s, error) => this.#onSendError(s, error),
    );
    this.#workers.add(slot);
    slot.handle = runtime.spawn(
      {
        boot: {
          poolName: this.#settings.name,
          workerIndex: slot.index,
          initializer: this.#settings.initializer?.definition,
          initargs: this.#settings.initargs,
          claims: slot.claims.buffer,
          preload: this.#queue.peek()?.descriptor,
        },
        resourceLimits: this.#settings.resourceLimits,
      },
      {
        message: (batch) => this.#onMessage(slot, batch),
        exit: (exit) => this.#onExit(slot, exit),
      },
    );
  }

  #onMessage(slot: WorkerSlot, batch: Batch): void {
    const reader = new BatchReader(batch);
    while (reader.more) {
      const op = reader.int();
      if (op === FromWorker.DONE || op === FromWorker.FAILED)
        this.#onAnswer(slot, op, reader.int(), reader.value());
      else if (op === FromWorker.READY) this.#onReady(slot);
      else if (op === FromWorker.INIT_FAILED) {
        const cause = deserializeError(reader.value() as SerializedError);
        this.#break(
          new BrokenExecutorError(`${this.#settings.name}: the initializer failed; the executor is broken`, {
            cause,
          }),
        );
      } else throw new Error(`spindle wire: unknown op ${op} from worker ${slot.index}`);
    }
    this.#rebalance(slot);
  }

  #onReady(slot: WorkerSlot): void {
    this.#workers.markReady(slot);
    this.#startFailures = 0;
    this.#dispatch();
  }

  #onAnswer(slot: WorkerSlot, op: number, callId: number, payload: unknown): void {
    const startedAt = slot.inflight[0]?.callId === callId ? slot.startedAt(slot.inflight[0]) : undefined;
    const task = slot.answer(callId);
    if (task === undefined) return; // a late answer for a call already taken back
    if (task.done()) {
      // It was cancelled or timed out while running; it has stopped in time, so the worker stays.
      if (slot.graceTimer !== undefined) clearTimeout(slot.graceTimer);
      slot.graceTimer = undefined;
      return;
    }
    this.#settleStarted(task, startedAt);
    if (op === FromWorker.DONE) {
      this.#counters.completed++;
      task.setResult(payload);
    } else {
      this.#counters.failed++;
      task.setException(deserializeError(payload as SerializedError));
    }
  }

  /**
   * After a worker answered: refill it, let it steal if the queue is empty, or let it idle. A
   * worker that has spent its `maxTasksPerWorker` budget is stopped once its last call is answered;
   * its exit starts a replacement if work waits (so recycling can never strand the queue).
   */
  #rebalance(slot: WorkerSlot): void {
    if (slot.budget <= 0 && slot.inflight.length === 0 && !slot.stopping) this.#stop(slot);
    if (this.#broken || (this.#shuttingDown && this.#queuedLive === 0 && slot.inflight.length === 0)) {
      if (slot.inflight.length === 0 && slot.ready) this.#stop(slot);
      this.#closeIfDrained();
      return;
    }
    this.#dispatch();
    if (slot.stopping) return;
    if (slot.ready && slot.inflight.length === 0) this.#steal(slot);
    if (slot.ready && slot.inflight.length === 0) this.#idle(slot);
  }

  /** An idle worker takes calls prefetched behind a busy worker's running call. */
  #steal(thief: WorkerSlot): void {
    for (const task of this.#workers.stealFor(thief)) this.#send(thief, task);
  }

  /**
   * The worker has nothing to do: it no longer keeps the process alive, and it is stopped once it
   * has stayed idle for `idleTimeout`. One timer per worker, checked when it fires, rather than a
   * new timer at every idle moment (a worker goes idle after each task when tasks come one by one).
   */
  #idle(slot: WorkerSlot): void {
    slot.handle.unref();
    slot.idleSince = performance.now();
    if (slot.idleTimer === undefined && Number.isFinite(this.#settings.idleTimeout)) {
      this.#watchIdle(slot, this.#settings.idleTimeout);
    }
  }

  #watchIdle(slot: WorkerSlot, ms: number): void {
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = undefined;
      if (slot.inflight.length > 0 || slot.stopping) return; // busy again: #idle re-arms later
      const left = slot.idleSince + this.#settings.idleTimeout - performance.now();
      if (left > 0) this.#watchIdle(slot, left);
      else this.#stop(slot);
    }, ms);
    slot.idleTimer.unref();
  }

  #stop(slot: WorkerSlot): void {
    this.#workers.retire(slot);
    if (!slot.stopping) slot.stop();
  }

  #onExit(slot: WorkerSlot, exit: WorkerExit): void {
    this.#workers.remove(slot);
    slot.clearTimers();
    // Calls that never started go back to the front of the queue, in order; the one that was
    // running (if any) fails with the crash — nothing runs twice, nothing is lost.
    const calls = [...slot.inflight];
    for (let i = calls.length - 1; i >= 0; i--) {
      const task = calls[i]!;
      if (slot.withdraw(task)) {
        if (task.done()) continue;
        if (task.transfer?.length) {
          // It never ran, but the buffers it transferred died with the worker: it cannot be re-sent.
          this.#counters.failed++;
          task.setException(
            crashError(
              this.#settings.name,
              slot.index,
              exit,
              'before the task started, with its transferred arguments',
            ),
          );
          continue;
        }
        this.#queue.unshift(task);
        this.#queuedLive++;
      } else if (!task.done()) {
        this.#settleStarted(task, undefined);
        this.#counters.failed++;
        task.setException(crashError(this.#settings.name, slot.index, exit));
      }
    }
    slot.inflight.length = 0;
    if (this.#cancelling) this.#cancelUnstarted(); // what was put back is cancelled too
    if (!slot.ready && !slot.stopping && !this.#broken && ++this.#startFailures >= MAX_START_FAILURES) {
      const cause = crashError(this.#settings.name, slot.index, exit);
      this.#break(
        new BrokenExecutorError(
          `${this.#settings.name}: workers keep dying at start-up; the executor is broken`,
          {
            cause,
          },
        ),
      );
    }
    if (!this.#broken) this.#dispatch();
    this.#closeIfDrained();
  }

  /**
   * Future.cancel's hook: takes the task back if it has not started — from the queue, or from a
   * worker's prefetched calls through its claim cell. False when it has started.
   */
  #withdraw(task: PoolTask<unknown>): boolean {
    const slot = task.worker;
    if (slot !== undefined) {
      if (!slot.withdraw(task)) return false;
      if (slot.inflight.length === 0) this.#rebalance(slot);
    } else {
      this.#queuedLive--; // the queue entry is skipped when it reaches the front
    }
    this.#deadlines.clear(task);
    task.removeAbortListener?.();
    this.#counters.cancelled++;
    this.#closeIfDrained();
    return true;
  }

  /**
   * Fails a running task now, aborts its signal inside the worker, and terminates the worker if
   * the task is still running after the grace period (calls queued behind it are requeued on exit).
   */
  #abortRunning(task: PoolTask<unknown>, reason: unknown): void {
    if (task.done()) return;
    this.#settleStarted(task, undefined);
    if (reason instanceof TimeoutError) this.#counters.failed++;
    else this.#counters.cancelled++;
    task.setException(reason);
    const slot = task.worker;
    if (slot === undefined) return;
    slot.cancel(task.callId);
    if (slot.graceTimer !== undefined) clearTimeout(slot.graceTimer);
    slot.graceTimer = setTimeout(() => {
      if (task.worker === slot) this.#stop(slot);
    }, this.#settings.cancelGrace);
  }

  /** Clears a started task's timer and signal listener and records its wait and run times. */
  #settleStarted(task: PoolTask<unknown>, startedAt: number | undefined): void {
    this.#deadlines.clear(task);
    task.removeAbortListener?.();
    if (startedAt !== undefined) {
      this.#counters.times(task.queuedAt, startedAt, absoluteNow());
    }
  }

  /** A batch could not be posted: fail the calls of that worker that have not started. */
  #onSendError(slot: WorkerSlot, error: unknown): void {
    for (const task of [...slot.inflight]) {
      if (task.done() || !slot.withdraw(task)) continue;
      this.#settleStarted(task, undefined);
      this.#counters.failed++;
      task.setException(
        new TypeError(`the task's arguments cannot be sent to a worker: ${String(error)}`, { cause: error }),
      );
    }
    this.#rebalance(slot);
  }

  /** Python's BrokenThreadPool: work not started fails, later submits throw; running tasks may finish. */
  #break(error: BrokenExecutorError): void {
    if (this.#broken) return;
    this.#broken = error;
    const fail = (task: PoolTask<unknown>) => {
      if (task.done()) return;
      this.#settleStarted(task, undefined);
      this.#counters.failed++;
      task.setException(error);
    };
    for (const task of this.#queue.drain()) fail(task);
    this.#queuedLive = 0;
    for (const slot of this.#workers.all) {
      for (const task of [...slot.inflight]) if (slot.withdraw(task)) fail(task);
      if (slot.inflight.length === 0) this.#stop(slot);
    }
    this.#closeIfDrained();
  }

  /**
   * Cancels the calls workers hold behind the one they run, and the queue one slice now and a
   * slice per later turn of the event loop, so a queue of 100k tasks never blocks the loop.
   * Nothing is dispatched meanwhile; tasks put back later (a worker died) join the cancelling.
   */
  #cancelUnstarted(): void {
    for (const slot of this.#workers.ready) for (const task of slot.inflight.slice(1)) task.cancel();
    if (this.#onCancelled !== undefined) return; // slices are already under way
    this.#cancelling ??= new Promise<void>((resolve) => {
      this.#onCancelled = resolve;
    });
    this.#cancelSlice();
  }

  #cancelSlice(): void {
    for (let n = 0; n < CANCEL_SLICE; n++) {
      const task = this.#queue.shift();
      if (task === undefined) {
        const done = this.#onCancelled;
        this.#onCancelled = undefined;
        done?.();
        return;
      }
      task.cancel();
    }
    setImmediate(() => this.#cancelSlice());
  }

  #closeIfDrained(): void {
    if (!this.#shuttingDown || this.#queuedLive > 0) return;
    for (const slot of this.#workers.all) if (slot.inflight.length > 0) return;
    for (const slot of this.#workers.all) this.#stop(slot);
    if (this.#workers.size === 0) this.#onClosed?.();
  }

  #forceClose(): void {
    this.#cancelUnstarted();
    for (const slot of this.#workers.all) {
      for (const task of [...slot.inflight]) {
        if (!task.cancel()) this.#abortRunning(task, new CancelledError('the executor was shut down'));
      }
      this.#stop(slot);
    }
  }
}
