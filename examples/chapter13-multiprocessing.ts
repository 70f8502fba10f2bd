/**
 * Chapter 13 §2, multiprocessing:
 *
 *   procs = [Process(target=worker, args=(i,)) for i in range(2)]
 *   for p in procs: p.start()
 *   for p in procs: p.join()
 *
 *   with Pool(4) as pool:
 *       print(pool.map(f, [1,2,3,4]))
 *
 * No `if __name__ == "__main__"` guard is needed: children import only the task modules.
 */
import { Pool, Process } from 'spindle/multiprocessing';
import { square as f, worker } from './tasks.ts';

// individual processes
const procs = [0, 1].map((i) => new Process({ target: worker, args: [i] }));
for (const p of procs) p.start();
for (const p of procs) await p.join();

// pool of workers
{
  await using pool = new Pool(4);
  console.log(await pool.map(f, [1, 2, 3, 4]));
}
