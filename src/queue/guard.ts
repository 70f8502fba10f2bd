/**
 * The tiny mutex around a queue's multi-word updates. It is held only for a bounded amount of
 * work (a memcpy of one record, a heap step, rarely a compaction), never across a wait, so the
 * main thread may simply spin for it; a worker spins a little, then sleeps on the word.
 */
import { isMainThread } from 'node:worker_threads';
import { GUARD, GUARD_WAITERS } from './layout.ts';

const SPINS_BEFORE_SLEEP = 64;

/** Takes the guard of `header`. */
export function lockGuard(header: Int32Array): void {
  if (Atomics.compareExchange(header, GUARD, 0, 1) === 0) return;
  let spins = 0;
  for (;;) {
    if (Atomics.load(header, GUARD) === 0 && Atomics.compareExchange(header, GUARD, 0, 1) === 0) return;
    if (!isMainThread && ++spins > SPINS_BEFORE_SLEEP) {
      Atomics.add(header, GUARD_WAITERS, 1);
      // Returns at once if the guard was freed meanwhile; the 1 ms bound is a safety net only.
      Atomics.wait(header, GUARD, 1, 1);
      Atomics.sub(header, GUARD_WAITERS, 1);
    }
  }
}

/** Frees the guard of `header`, waking one sleeping worker if any. */
export function unlockGuard(header: Int32Array): void {
  Atomics.store(header, GUARD, 0);
  if (Atomics.load(header, GUARD_WAITERS) > 0) Atomics.notify(header, GUARD, 1);
}

/** Runs `body` under the guard. */
export function guarded<T>(header: Int32Array, body: () => T): T {
  lockGuard(header);
  try {
    return body();
  } finally {
    unlockGuard(header);
  }
}
