/**
 * A Thread's state in shared memory, so that every thread holding the Thread (its starter, its
 * own worker, any worker it was passed to) sees the same status and can wait for its end.
 *
 * STATUS only moves forward: NEW → STARTED (start() won the CAS) → RUNNING (its worker began,
 * IDENT written first) → DONE. The worker writes DONE when the target ends; the starter writes
 * DONE too when the worker died without getting there. Every change wakes the sleepers on STATUS.
 */

/** Word indexes. */
export const STATUS = 0;
export const IDENT = 1;
/** A Timer's cancel flag: 1 once cancelled; its worker sleeps on it for the interval. */
export const CANCELLED = 2;
export const STATE_WORDS = 3;

/** STATUS values. */
export const NEW = 0;
export const STARTED = 1;
export const RUNNING = 2;
export const DONE = 3;

/** Worker side: records which thread runs the target, then RUNNING. */
export function markRunning(state: Int32Array, ident: number): void {
  Atomics.store(state, IDENT, ident);
  Atomics.compareExchange(state, STATUS, STARTED, RUNNING);
  Atomics.notify(state, STATUS);
}

/** The target has ended (or its worker died): DONE, and every joiner wakes. */
export function markDone(state: Int32Array): void {
  Atomics.store(state, STATUS, DONE);
  Atomics.notify(state, STATUS);
}

/**
 * Worker side, for a Timer: sleeps `ms` unless cancelled first (a cancel from any thread wakes
 * it at once). True when the target should run.
 */
export function sleepUnlessCancelled(state: Int32Array, ms: number): boolean {
  const deadline = performance.now() + ms;
  while (Atomics.load(state, CANCELLED) === 0) {
    const left = deadline - performance.now();
    if (left <= 0) return true;
    Atomics.wait(state, CANCELLED, 0, left);
  }
  return false;
}

/** Any thread: cancels a Timer that has not fired yet. */
export function markCancelled(state: Int32Array): void {
  Atomics.store(state, CANCELLED, 1);
  Atomics.notify(state, CANCELLED);
}
