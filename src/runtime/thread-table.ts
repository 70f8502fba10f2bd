/**
 * Which threads have died, in memory every spindle thread shares — so a lock whose owner died
 * can say so to its waiters (robust locks) instead of leaving them to wait forever.
 *
 * A thread's *ident* is its `worker_threads.threadId + 1` (the main thread is 1), so 0 can mean
 * "nobody" in lock words. When a worker exits, whoever started it (the main thread, or the
 * worker that started it) records its ident in slot `ident mod SLOTS`. A slot is overwritten
 * only after SLOTS more threads have died, long after any waiter has looked.
 */
import { isMainThread, threadId } from 'node:worker_threads';

const SLOTS = 1 << 16;
const tableKey = Symbol.for('spindle.thread-table');

type Holder = Record<symbol, Int32Array | undefined>;

function table(): Int32Array {
  const holder = globalThis as unknown as Holder;
  holder[tableKey] ??= new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  return holder[tableKey];
}

/** This thread's ident: never 0, unique among live threads of the process. */
export const selfIdent: number = threadId + 1;

/** The shared table, for a worker's boot data. */
export function threadTableBuffer(): SharedArrayBuffer {
  return table().buffer as SharedArrayBuffer;
}

/** Worker side, at start-up: adopt the table of the thread that started this one. */
export function adoptThreadTable(buffer: SharedArrayBuffer): void {
  if (isMainThread) throw new Error('the main thread owns the thread table');
  (globalThis as unknown as Holder)[tableKey] = new Int32Array(buffer);
}

/** Records that the worker whose `threadId` is given has exited. */
export function markThreadDead(workerThreadId: number): void {
  const ident = workerThreadId + 1;
  Atomics.store(table(), ident % SLOTS, ident);
}

/** True once the thread with `ident` has exited (as seen by spindle). */
export function isThreadDead(ident: number): boolean {
  return ident !== 1 && Atomics.load(table(), ident % SLOTS) === ident;
}
