import type { Claims } from './sent-claims.ts';

/**
 * Who owns a call that has been sent to a worker but may not have started yet, decided by one
 * atomic compare-and-swap in shared memory — so "cancel", "steal" and "start" can race freely
 * and exactly one of them wins.
 *
 * Each worker has `capacity` cells. The pool writes `callId` into a free cell when it sends the
 * call; the worker swaps it to `-callId` (and records the start time) when it starts the call;
 * the pool swaps it to 0 to withdraw the call (cancel, steal, requeue after a crash). A swap
 * compares against the exact callId, so a stale record for an earlier occupant of the cell can
 * never start the new one.
 */
/** Read once: `performance.timeOrigin` is a slow getter, and it never changes within a thread. */
const timeOrigin = performance.timeOrigin;

export class CallClaims implements Claims {
  readonly buffer: SharedArrayBuffer;
  readonly #cells: Int32Array;
  /** Absolute start time (`performance.timeOrigin + performance.now()`) per cell. */
  readonly #startedAt: Float64Array;

  constructor(capacityOrBuffer: number | SharedArrayBuffer) {
    this.buffer =
      typeof capacityOrBuffer === 'number' ? new SharedArrayBuffer(capacityOrBuffer * 12) : capacityOrBuffer;
    const capacity = this.buffer.byteLength / 12;
    this.#startedAt = new Float64Array(this.buffer, 0, capacity);
    this.#cells = new Int32Array(this.buffer, capacity * 8, capacity);
  }

  get capacity(): number {
    return this.#cells.length;
  }

  /** Pool side: the call is on its way to the worker in `cell`. */
  offer(cell: number, callId: number): void {
    Atomics.store(this.#cells, cell, callId);
  }

  /** Pool side: takes the call back if it has not started. True when withdrawn. */
  withdraw(cell: number, callId: number): boolean {
    return Atomics.compareExchange(this.#cells, cell, callId, 0) === callId;
  }

  /** Pool side: the call's absolute start time, or undefined if it has not started. */
  startedAt(cell: number, callId: number): number | undefined {
    return Atomics.load(this.#cells, cell) === -callId ? this.#startedAt[cell] : undefined;
  }

  /** Worker side: starts the call unless it was withdrawn. True when the worker may run it. */
  start(cell: number, callId: number): boolean {
    this.#startedAt[cell] = timeOrigin + performance.now();
    return Atomics.compareExchange(this.#cells, cell, callId, -callId) === callId;
  }
}

/** Now, on the clock that {@link CallClaims} start times use (comparable across threads). */
export function absoluteNow(): number {
  return timeOrigin + performance.now();
}
