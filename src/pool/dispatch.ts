import { BrokenExecutorError } from '../errors.ts';
import { mainScriptUrl } from '../tasks/main-script.ts';
import { deserializeError, type SerializedError } from '../wire/error-codec.ts';
import { type Batch, BatchReader } from '../wire/outbox.ts';
import { FromWorker } from '../wire/protocol.ts';
import type { PoolParts, PoolState } from './pool-state.ts';
import type { PoolTask } from './pool-task.ts';
import { WorkerSlot } from './worker-slot.ts';

/**
 * Placing work: queued tasks go to the least-loaded ready worker with room, workers start lazily
 * while work waits, answers settle futures, and a worker that answered is refilled, lets steal,
 * idles (no longer keeping the process alive) or is stopped.
 *
 * @example
 * ```ts
 * state.queue.push(task); state.queuedLive++; parts.dispatch.dispatch();
 * ```
 */
export class Dispatch {
  #spawned = 0;

  constructor(
    private readonly state: PoolState,
    private readonly parts: PoolParts,
  ) {}

  /** Sends queued tasks to the least-loaded workers with room, then starts workers if work waits. */
  dispatch(): void {
    const { state } = this;
    if (state.cancelling) return; // what is queued is being cancelled, and workers need not start
    const workers = state.workers;
    while (state.queuedLive > 0) {
      const slot = workers.leastLoaded();
      if (slot === undefined) break;
      this.send(slot, this.#nextQueued()!);
    }
    while (!state.broken && state.waiting() > workers.starting && workers.size < state.settings.maxWorkers) {
      this.#spawn();
    }
  }

  /** Sends one call to a worker (ref'ing it for the call unless the call is a daemon's). */
  send(slot: WorkerSlot, task: PoolTask<unknown>): void {
    if (slot.inflight.length === 0) {
      if (task.keepAlive) slot.handle.ref();
      else slot.handle.unref(); // a fresh worker starts ref'd
    }
    slot.send(task);
    this.state.deadlines.watch(task);
  }

  /**
   * After a worker answered: refill it, let it steal if the queue is empty, or let it idle. A
   * worker that has spent its `maxTasksPerWorker` budget is stopped once its last call is answered;
   * its exit starts a replacement if work waits (so recycling can never strand the queue).
   */
  rebalance(slot: WorkerSlot): void {
    const { state } = this;
    if (slot.budget <= 0 && slot.inflight.length === 0 && !slot.stopping) this.stop(slot);
    if (state.broken || (state.shuttingDown && state.queuedLive === 0 && slot.inflight.length === 0)) {
      if (slot.inflight.length === 0 && slot.ready) this.stop(slot);
      this.parts.shutdown.closeIfDrained();
      return;
    }
    this.dispatch();
    if (slot.stopping) return;
    if (slot.ready && slot.inflight.length === 0) this.parts.withdrawal.steal(slot);
    if (slot.ready && slot.inflight.length === 0) this.#idle(slot);
  }

  /** Takes a worker out of dispatch and terminates it. */
  stop(slot: WorkerSlot): void {
    this.state.workers.retire(slot);
    if (!slot.stopping) slot.stop();
  }

  #nextQueued(): PoolTask<unknown> | undefined {
    const { state } = this;
    for (let task = state.queue.shift(); task !== undefined; task = state.queue.shift()) {
      if (task.cancelled()) continue; // already counted out when it was withdrawn
      state.queuedLive--;
      return task;
    }
    return undefined;
  }

  #spawn(): void {
    const { settings, workers, queue } = this.state;
    const { prefetch, runtime } = settings;
    const { crashes } = this.parts;
    const slot = new WorkerSlot(
      this.#spawned++,
      runtime.createClaims(prefetch),
      prefetch,
      settings.maxTasksPerWorker,
      (s, error) => crashes.onSendError(s, error),
    );
    workers.add(slot);
    slot.handle = runtime.spawn(
      {
        boot: {
          poolName: settings.name,
          workerIndex: slot.index,
          initializer: settings.initializer?.definition,
          initargs: settings.initargs,
          claims: slot.claims.buffer,
          preload: queue.peek()?.descriptor,
          mainScript: mainScriptUrl(),
        },
        resourceLimits: settings.resourceLimits,
      },
      {
        message: (batch) => this.#onMessage(slot, batch),
        exit: (exit) => crashes.onExit(slot, exit),
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
        const name = this.state.settings.name;
        this.parts.crashes.break(
          new BrokenExecutorError(`${name}: the initializer failed; the executor is broken`, { cause }),
        );
      } else throw new Error(`spindle wire: unknown op ${op} from worker ${slot.index}`);
    }
    this.rebalance(slot);
  }

  #onReady(slot: WorkerSlot): void {
    this.state.workers.markReady(slot);
    this.state.startFailures = 0;
    this.dispatch();
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
    const { state } = this;
    state.settleStarted(task, startedAt);
    if (op === FromWorker.DONE) {
      state.counters.completed++;
      task.setResult(payload);
    } else {
      state.counters.failed++;
      task.setException(deserializeError(payload as SerializedError));
    }
  }

  /**
   * The worker has nothing to do: it no longer keeps the process alive, and it is stopped once it
   * has stayed idle for `idleTimeout`. One timer per worker, checked when it fires, rather than a
   * new timer at every idle moment (a worker goes idle after each task when tasks come one by one).
   */
  #idle(slot: WorkerSlot): void {
    slot.handle.unref();
    slot.idleSince = performance.now();
    if (slot.idleTimer === undefined && Number.isFinite(this.state.settings.idleTimeout)) {
      this.#watchIdle(slot, this.state.settings.idleTimeout);
    }
  }

  #watchIdle(slot: WorkerSlot, ms: number): void {
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = undefined;
      if (slot.inflight.length > 0 || slot.stopping) return; // busy again: #idle re-arms later
      const left = slot.idleSince + this.state.settings.idleTimeout - performance.now();
      if (left > 0) this.#watchIdle(slot, left);
      else this.stop(slot);
    }, ms);
    slot.idleTimer.unref();
  }
}
