/**
 * Week 4 §2, Lock:
 *
 *   lock = threading.Lock()
 *   counter = 0
 *   def increment(n):
 *       global counter
 *       for _ in range(n):
 *           with lock:
 *               counter += 1
 *
 *   t1 = threading.Thread(target=increment, args=(10000,))
 *   t2 = threading.Thread(target=increment, args=(10000,))
 *   t1.start(); t2.start()
 *   t1.join(); t2.join()
 *   print(counter)   # always 20000 with lock
 */
import { Value } from 'spindle';
import { Lock, Thread } from 'spindle/threading';
import { increment } from './threading-tasks.ts';

const lock = new Lock();
const counter = new Value('int32', 0);

const t1 = new Thread({ target: increment, args: [lock, counter, 10_000] });
const t2 = new Thread({ target: increment, args: [lock, counter, 10_000] });
t1.start();
t2.start();
await t1.join();
await t2.join();
console.log(counter.value); // always 20000 with lock
