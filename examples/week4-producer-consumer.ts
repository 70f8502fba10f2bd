/**
 * Week 4, exercise 1: a producer–consumer pipeline over a shared Queue.
 *
 *   work_q = queue.Queue()
 *   threads = [threading.Thread(target=producer)]
 *   threads += [threading.Thread(target=consumer, args=(i,)) for i in range(4)]
 *   for t in threads: t.start()
 *   for t in threads: t.join()
 *   print("All done")
 *
 * One producer and four consumers, each on its own worker thread, put and get straight in the
 * queue's shared memory. (`prefetch: 1`: each task gets a worker of its own, since they block.)
 */
import { ThreadPoolExecutor } from 'spindle';
import { Queue } from 'spindle/queue';
import { consumer, producer } from './queue-tasks.ts';

const CONSUMERS = 4;
const workQ = new Queue<string | null>();
{
  await using pool = new ThreadPoolExecutor({ maxWorkers: 1 + CONSUMERS, prefetch: 1 });
  const threads = [pool.submit(producer, workQ, CONSUMERS)];
  for (let i = 0; i < CONSUMERS; i++) threads.push(pool.submit(consumer, workQ, i));
  for (const t of threads) await t.result();
}
await workQ.join(); // every item and sentinel was marked done
console.log('All done');
