import { CancelledError } from '../errors.ts';
import type { PoolParts, PoolState } from './pool-state.ts';

/** Queued tasks `shutdown({ cancelFutures })` cancels per turn of the event loop (then it yields). */
export const CANCEL_SLICE = 1024;

/**
 * The end of a pool: no new work, queued work runs (or is cancelled, a slice per turn of the
 * event loop, so a queue of 100k tasks never blocks it), workers stop as they drain, and a
 * `timeout` bounds it all — past it, running tasks fail and their workers are terminated.
 *
 * @example
 * ```ts
 * await parts.shutdown.begin(true, undefined);
 * ```
 */
export class Shutdown {
  #closed: Promise<void> | undefined;
  #onClosed: (() => void) | undefined;
  #cancelled: Promise<void> | undefined;
  #onCancelled: (() => void) | undefined;

  constructor(
    private readonly state: PoolState,
    private readonly parts: PoolParts,
  ) {}

  /** Stops taking work; settles when every worker has exited. */
  begin(cancelFutures: boolean, timeout: number | undefined): Promise<void> {
    this.state.shuttingDown = true;
    if (cancelFutures) this.cancelUnstarted();
    this.#closed ??= new Promise<void>((resolve) => {
      this.#onClosed = resolve;
    });
    if (timeout !== undefined) setTimeout(() => this.#forceClose(), timeout).unref();
    this.closeIfDrained();
    return this.#closed;
  }

  /** Settles once every task not started when `cancelFutures` was asked is cancelled (at once without it). */
  cancelled(): Promise<void> {
    return this.#cancelled ?? Promise.resolve();
  }

  /**
   * Cancels the calls workers hold behind the one they run, and the queue one slice now and a
   * slice per later turn of the event loop. Nothing is dispatched meanwhile; tasks put back
   * later (their worker died) are cancelled too.
   */
  cancelUnstarted(): void {
    const { state } = this;
    for (const slot of state.workers.ready) for (const task of slot.inflight.slice(1)) task.cancel();
    state.cancelling = true;
    if (this.#onCancelled !== undefined) return; // slices are already under way
    this.#cancelled ??= new Promise<void>((resolve) => {
      this.#onCancelled = resolve;
    });
    this.#cancelSlice();
  }

  /** Stops every worker and settles `begin`'s promise once shutting down and nothing is left. */
  closeIfDrained(): void {
    const { state } = this;
    if (!state.shuttingDown || state.queuedLive > 0) return;
    for (const slot of state.workers.all) if (slot.inflight.length > 0) return;
    for (const slot of state.workers.all) this.parts.dispatch.stop(slot);
    if (state.workers.size === 0) this.#onClosed?.();
  }

  #cancelSlice(): void {
    const { queue } = this.state;
    for (let n = 0; n < CANCEL_SLICE; n++) {
      const task = queue.shift();
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

  #forceClose(): void {
    this.cancelUnstarted();
    const { withdrawal, dispatch } = this.parts;
    for (const slot of this.state.workers.all) {
      for (const task of [...slot.inflight]) {
        if (!task.cancel()) withdrawal.abortRunning(task, new CancelledError('the executor was shut down'));
      }
      dispatch.stop(slot);
    }
  }
}
