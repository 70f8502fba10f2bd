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
 * One producer and four consumers, each a Thread on its own worker thread, put and get straight
 * in the queue's shared memory — no relay through the main thread.
 */
import { Queue } from 'spindle/queue';
import { Thread } from 'spindle/threading';
import { consumer, producer } from './queue-tasks.ts';

const CONSUMERS = 4;
const workQ = new Queue<string | null>();
const threads = [new Thread({ target: producer, args: [workQ, CONSUMERS] })];
for (let i = 0; i < CONSUMERS; i++) threads.push(new Thread({ target: consumer, args: [workQ, i] }));
for (const t of threads) t.start();
for (const t of threads) await t.join();
await workQ.join(); // every item and sentinel was marked done
console.log('All done');
