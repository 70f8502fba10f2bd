/** S4 payload: a 1 MiB ArrayBuffer per task, copied or transferred; the worker returns its byteLength. */
import { closePool, createPool, isPoolSystem } from './pools.ts';
import { bulkRoundTrip, startEchoWorker } from './raw.ts';
import { check, floor, type Metrics, POOL_ENTRIES, type RunContext, type Scenario } from './scenario.ts';
import { median, now } from './stats.ts';

const MiB = 1024 * 1024;
const sizes = (context: RunContext) => ({ tasks: context.quick ? 100 : 200, warmup: 20 });

/** Distinct, touched buffers (made before the clock starts; transfer detaches each one). */
function buffers(n: number): ArrayBuffer[] {
  return Array.from({ length: n }, (_, i) => {
    const buffer = new ArrayBuffer(MiB);
    new Uint8Array(buffer).fill((i % 255) + 1);
    return buffer;
  });
}

/** Runs one batch, returns MiB/s. */
type Batch = (payloads: ArrayBuffer[], transfer: boolean) => Promise<number>;

/** Measured batches per mode in one process; their median is the run's figure (a batch is short). */
const BATCHES = 3;

async function rates(batch: Batch, tasks: number, warmup: number): Promise<Metrics> {
  const timed = async (transfer: boolean) => {
    await batch(buffers(warmup), transfer);
    const samples: number[] = [];
    for (let i = 0; i < BATCHES; i++) {
      const payloads = buffers(tasks);
      const start = now();
      const total = await batch(payloads, transfer);
      const seconds = (now() - start) / 1000;
      check('bytes seen by workers', total, tasks * MiB);
      samples.push(tasks / seconds);
    }
    return median(samples);
  };
  const copy = await timed(false);
  const transfer = await timed(true);
  return { copy, transfer };
}

async function measure(entryId: string, context: RunContext): Promise<Metrics> {
  const { tasks, warmup } = sizes(context);
  if (entryId === 'raw-postmessage') {
    const workers = await Promise.all([startEchoWorker(), startEchoWorker()]);
    const metrics = await rates(
      (payloads, transfer) => bulkRoundTrip(workers, payloads, transfer),
      tasks,
      warmup,
    );
    await Promise.all(workers.map((w) => w.terminate()));
    return metrics;
  }
  if (!isPoolSystem(entryId)) throw new Error(`unknown system ${entryId}`);
  const pool = createPool(entryId);
  const metrics = await rates(
    async (payloads, transfer) => {
      const results = await Promise.all(
        payloads.map((b) => pool.run('byteLength', b, transfer ? [b] : undefined)),
      );
      return (results as number[]).reduce((a, b) => a + b, 0);
    },
    tasks,
    warmup,
  );
  await closePool(pool, entryId);
  return metrics;
}

export const s4: Scenario = {
  id: 'S4',
  title: 'Payload: 1 MiB ArrayBuffer per task',
  entries: [...POOL_ENTRIES, floor('raw-postmessage', 'floor: raw postMessage')],
  metrics: [
    { key: 'copy', label: 'copied MiB/s', better: 'higher', digits: 0, ratio: true },
    { key: 'transfer', label: 'transferred MiB/s', better: 'higher', digits: 0, ratio: true, chart: true },
  ],
  describe: (context) => {
    const { tasks, warmup } = sizes(context);
    return `${tasks} tasks, each sent its own 1 MiB ArrayBuffer (allocated and filled before the clock starts), submitted at once; the worker returns byteLength. Once structured-cloned (copy), once moved with a transfer list (spindle: submitWith({ transfer: [buf] })). 2 workers; after ${warmup} warm-up tasks per mode; each run is the median of ${BATCHES} such batches.`;
  },
  notes: [
    'Copy and transfer are measured in the same child process, copy first.',
    'Floor: two bare workers, messages posted round-robin, each replying with byteLength.',
  ],
  measure,
};
