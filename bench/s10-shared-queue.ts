/**
 * S10 shared queue: items per second from one worker thread to another, through a spindle
 * Queue (puts and gets straight into shared memory) vs a MessageChannel between the same two
 * pool threads (port1.postMessage → port2 'message').
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { MessageChannel } from 'node:worker_threads';
import { type Future, ThreadPoolExecutor } from 'spindle';
import { Queue } from 'spindle/queue';
import { check, type Entry, floor, type Metrics, type RunContext, type Scenario } from './scenario.ts';
import { now } from './stats.ts';
import {
  queueConsume,
  queueProduce,
  relayConsume,
  relayProduce,
  type Shape,
} from './workers/queue-tasks.mjs';

const sizes = (context: RunContext) => ({ items: context.quick ? 100_000 : 500_000, warmup: 20_000 });

/** Sum of the ids 0 … n-1 that the consumer adds up. */
const expectedSum = (n: number) => (n * (n - 1)) / 2;

/** One run of `n` items of `shape` from one pool thread to the other; items per second. */
async function stream(pool: ThreadPoolExecutor, entryId: string, n: number, shape: Shape): Promise<number> {
  // The consumer goes first; the producer is submitted once it runs, so it lands on the other thread.
  const ready = new Int32Array(new SharedArrayBuffer(4));
  // A consumer that failed before it ran never raises `ready`: report its error, never hang.
  const running = async (consumer: Future<number>) => {
    while (Atomics.load(ready, 0) === 0) {
      if (consumer.done())
        throw new Error(`the consumer ended before it ran: ${String(await consumer.exception())}`);
      await sleep(1);
    }
  };
  const start = now();
  let sum: number;
  if (entryId === 'spindle') {
    const q = new Queue<unknown>();
    const consumer = pool.submit(queueConsume, q, n, ready);
    await running(consumer);
    await pool.submit(queueProduce, q, n, shape).result();
    sum = await consumer.result();
  } else {
    const { port1, port2 } = new MessageChannel();
    const consumer = pool.submitWith({ transfer: [port2] }, relayConsume, port2, n, ready);
    await running(consumer);
    await pool.submitWith({ transfer: [port1] }, relayProduce, port1, n, shape).result();
    sum = await consumer.result();
  }
  const ms = now() - start;
  check(`${entryId} ${shape} checksum`, sum, expectedSum(n));
  return n / (ms / 1000);
}

async function measure(entryId: string, context: RunContext): Promise<Metrics> {
  if (entryId !== 'spindle' && entryId !== 'message-channel') throw new Error(`unknown entry ${entryId}`);
  const { items, warmup } = sizes(context);
  const pool = new ThreadPoolExecutor({ maxWorkers: 2, prefetch: 1 });
  try {
    await stream(pool, entryId, warmup, 'number');
    await stream(pool, entryId, warmup, 'object');
    return {
      numbers: await stream(pool, entryId, items, 'number'),
      objects: await stream(pool, entryId, items, 'object'),
    };
  } finally {
    await pool.shutdown();
  }
}

const ENTRIES: Entry[] = [
  { id: 'spindle', label: 'spindle Queue (shared memory)', system: 'spindle' },
  floor('message-channel', 'MessageChannel relay'),
];

export const s10: Scenario = {
  id: 'S10',
  title: 'Shared queue: items/s between two worker threads',
  entries: ENTRIES,
  metrics: [
    { key: 'numbers', label: 'numbers items/s', better: 'higher', digits: 0, ratio: true, chart: true },
    {
      key: 'objects',
      label: '~100 B objects items/s',
      better: 'higher',
      digits: 0,
      ratio: true,
      chart: true,
    },
  ],
  describe: (context) => {
    const { items } = sizes(context);
    return `Two pool worker threads: one puts ${items.toLocaleString('en-US')} items (numbers, then ~100-byte objects), the other takes them, timed from submit to the consumer's last item. spindle: \`putSync\`/\`getSync\` on one unbounded \`Queue\`; floor: \`port1.postMessage(item)\` → \`port2.on('message')\` on a MessageChannel whose ports were transferred to the two threads.`;
  },
  notes: [
    'The consumer checks the sum of the ids it received, so a lost or duplicated item fails the run.',
    'spindle writes each item into a shared ring (2 MiB default) under a tiny spin guard — numbers, strings and other primitives as tagged bytes, plain objects and arrays as JSON text, anything else through `node:v8` — and a getter finding the queue empty re-checks it briefly before it sleeps; the producer waits only when the ring is full. The MessageChannel has no bound: its producer may post everything before the consumer starts.',
  ],
  measure,
};
