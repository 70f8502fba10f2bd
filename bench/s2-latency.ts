/** S2 latency: one task at a time, each awaited before the next is submitted. */
import { closePool, createPool, isPoolSystem } from './pools.ts';
import {
  atomicsRoundTrip,
  roundTrip,
  startAtomicsWorker,
  startEchoWorker,
  stopAtomicsWorker,
} from './raw.ts';
import { check, floor, type Metrics, POOL_ENTRIES, type RunContext, type Scenario } from './scenario.ts';
import { median, now, percentile } from './stats.ts';

const sizes = (context: RunContext) => ({ calls: context.quick ? 2_000 : 5_000, warmup: 500 });

/** Times `calls` sequential round trips of `call(i)` (which must return i + 1), in µs. */
async function timeCalls(
  what: string,
  calls: number,
  warmup: number,
  call: (i: number) => PromiseLike<unknown>,
): Promise<Metrics> {
  for (let i = 0; i < warmup; i++) check(what, await call(i), i + 1);
  const samples = new Array<number>(calls);
  for (let i = 0; i < calls; i++) {
    const start = now();
    const result = await call(i);
    samples[i] = (now() - start) * 1000;
    if (result !== i + 1) check(what, result, i + 1);
  }
  return { p50: median(samples), p99: percentile(samples, 99) };
}

async function measure(entryId: string, context: RunContext): Promise<Metrics> {
  const { calls, warmup } = sizes(context);
  if (entryId === 'raw-postmessage') {
    const worker = await startEchoWorker();
    const metrics = await timeCalls(entryId, calls, warmup, (i) => roundTrip(worker, i));
    await worker.terminate();
    return metrics;
  }
  if (entryId === 'raw-atomics') {
    const slots = new Int32Array(new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT));
    const worker = await startAtomicsWorker(slots);
    let seq = 0;
    const metrics = await timeCalls(entryId, calls, warmup, (i) => atomicsRoundTrip(slots, ++seq, i));
    await stopAtomicsWorker(worker, slots);
    return metrics;
  }
  if (!isPoolSystem(entryId)) throw new Error(`unknown system ${entryId}`);
  const pool = createPool(entryId);
  const metrics = await timeCalls(entryId, calls, warmup, (i) => pool.run('inc', i));
  await closePool(pool, entryId);
  return metrics;
}

export const s2: Scenario = {
  id: 'S2',
  title: 'Latency: one task at a time',
  entries: [
    ...POOL_ENTRIES,
    floor('raw-postmessage', 'floor: raw postMessage'),
    floor('raw-atomics', 'floor: raw SAB + Atomics'),
  ],
  metrics: [
    { key: 'p50', label: 'median µs', better: 'lower', digits: 1, ratio: true, chart: true },
    { key: 'p99', label: 'p99 µs', better: 'lower', digits: 1, ratio: true },
  ],
  describe: (context) => {
    const { calls, warmup } = sizes(context);
    return `${calls.toLocaleString('en-US')} tasks \`x => x + 1\`, each awaited before the next is submitted (per-call round trip); 2 workers; after ${warmup} warm-up calls. Median and p99 of one run's calls, then the median of those over runs.`;
  },
  notes: [
    'Floors use one bare worker: postMessage ping-pong; and a SharedArrayBuffer ping-pong where the worker blocks in Atomics.wait and the main thread awaits Atomics.waitAsync.',
    'p99 on a shared machine mostly measures scheduler noise; read the median first.',
  ],
  measure,
};
