/**
 * Chapter 13 §1, protect shared data with a Lock, and exercise 1 — a threaded counter that
 * increments a shared variable 10 000 times safely:
 *
 *   lock = threading.Lock()
 *   counter = 0
 *   def safe_increment():
 *       global counter
 *       with lock:
 *           temp = counter
 *           temp += 1
 *           counter = temp
 *
 * Four threads share the 10 000 increments, and the count is exact. Worker threads run truly in
 * parallel (there is no GIL), so the same loop without the lock loses updates — shown with more
 * increments, so that the threads overlap long enough.
 */
import { Value } from 'spindle';
import { Barrier, Lock, Thread } from 'spindle/threading';
import { safeIncrement, unsafeIncrement } from './threading-tasks.ts';

const THREADS = 4;

async function runAll(threads: Thread[]): Promise<void> {
  for (const t of threads) t.start();
  for (const t of threads) await t.join();
}

const lock = new Lock();
const counter = new Value('int32', 0);
await runAll(
  Array.from({ length: THREADS }, () => new Thread({ target: safeIncrement, args: [lock, counter, 2_500] })),
);
console.log(`with the lock: ${counter.value} of 10000`);

const unlocked = new Value('int32', 0);
const start = new Barrier(THREADS);
await runAll(
  Array.from(
    { length: THREADS },
    () => new Thread({ target: unsafeIncrement, args: [start, unlocked, 250_000] }),
  ),
);
console.log(`without the lock: ${unlocked.value} of 1000000`);
