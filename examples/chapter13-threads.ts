/**
 * Chapter 13 §1, spawn threads:
 *
 *   def worker(n):
 *       print(f"Thread {n} starting")
 *       time.sleep(0.5)
 *       print(f"Thread {n} done")
 *
 *   threads = []
 *   for i in range(3):
 *       t = threading.Thread(target=worker, args=(i,))
 *       threads.append(t)
 *       t.start()
 *   for t in threads:
 *       t.join()
 */
import { Thread } from 'spindle/threading';
import { worker } from './threading-tasks.ts';

const threads: Thread[] = [];
for (let i = 0; i < 3; i++) {
  const t = new Thread({ target: worker, args: [i] });
  threads.push(t);
  t.start();
}
for (const t of threads) await t.join();
