/**
 * Python's module-level thread functions. Scope: each JS thread sees the main thread, itself,
 * and the Threads it started that are still alive — Node has no process-wide list of threads,
 * so `enumerate()` in one worker does not list Threads started by another.
 */
import { isMainThread, threadId } from 'node:worker_threads';
import { selfIdent } from '../runtime/thread-table.ts';
import { adoptThread, type Thread } from './thread.ts';
import { runningThread, startedHere } from './thread-registry.ts';

let main: Thread | undefined;
let self: Thread | undefined;

/**
 * The main thread's Thread (name `MainThread`, ident 1), on any thread.
 *
 * @example
 * ```ts
 * currentThread() === mainThread(); // true on the main thread
 * ```
 */
export function mainThread(): Thread {
  main ??= adoptThread('MainThread', 1);
  return main;
}

/**
 * The Thread running the caller: inside a Thread's target, that Thread (a handle with its name
 * and ident); on the main thread, `mainThread()`; in a worker not started by a Thread (a pool
 * task), a stand-in named `Dummy-<threadId>`, like Python's `_DummyThread`.
 *
 * @example
 * ```ts
 * export const hello = defineTask(import.meta.url, function hello() {
 *   console.log(`hi from ${currentThread().name}`);
 * });
 * ```
 */
export function currentThread(): Thread {
  if (isMainThread) return mainThread();
  const running = runningThread();
  if (running !== undefined) return running;
  self ??= adoptThread(`Dummy-${threadId}`, selfIdent);
  return self;
}

/**
 * The threads this JS thread knows to be alive: the main thread, the current thread, and the
 * Threads started from here that have not ended (see the module note for the scope).
 *
 * @example
 * ```ts
 * for (const t of enumerate()) console.log(t.name);
 * ```
 */
export function enumerate(): Thread[] {
  const threads = [mainThread()];
  const current = currentThread();
  if (current !== threads[0]) threads.push(current);
  for (const thread of startedHere) if (thread.isAlive()) threads.push(thread);
  return threads;
}

/**
 * `enumerate().length`.
 *
 * @example
 * ```ts
 * activeCount(); // 1 when no Thread runs
 * ```
 */
export function activeCount(): number {
  return enumerate().length;
}
