/**
 * Per-JS-thread bookkeeping behind `currentThread()` and `enumerate()`: the Thread whose target
 * this worker is running, and the Threads started from this JS thread that have not ended.
 * Each JS thread (main or worker) has its own copy; no process-wide list exists.
 */
import type { Thread } from './thread.ts';

/** Threads started here and not yet seen to end. */
export const startedHere = new Set<Thread>();

let running: Thread | undefined;

/** Worker side: the Thread whose target runs now (undefined between targets). */
export function setRunningThread(thread: Thread | undefined): void {
  running = thread;
}

/** The Thread whose target this worker is running, if any. */
export function runningThread(): Thread | undefined {
  return running;
}
