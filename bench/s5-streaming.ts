/** S5 streaming: map over a generator of many items with bounded prefetch; wall time and RSS growth. */
import { ThreadPoolExecutor } from 'spindle';
import { type BenchPool, closePool, createPool, isPoolSystem, WORKERS } from './pools.ts';
import { collectGarbage, sampleRss } from './rss.ts';
import { check, type Metrics, POOL_ENTRIES, type RunContext, type Scenario } from './scenario.ts';
import { now } from './stats.ts';
import { inc } from './workers/spindle-tasks.mjs';

const CHUNK = 1000;
/** Chunks in flight: spindle's default bufferSize (2 × maxWorkers), used for the peers too. */
const IN_FLIGHT = 2 * WORKERS;
const sizes = (context: RunContext) => ({ items: context.quick ? 200_000 : 1_000_000, warmup: 50_000 });

/** The source: numbers made one at a time, never an array. */
function* numbers(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

const expectedSum = (n: number) => (n * (n + 1)) / 2;

/** spindle: its own lazy map. */
async function spindleSum(pool: ThreadPoolExecutor, n: number): Promise<number> {
  let sum = 0;
  for await (const v of pool.map(inc, numbers(n), { chunksize: CHUNK, bufferSize: IN_FLIGHT })) sum += v;
  return sum;
}

/**
 * Peers have no lazy map, so this is the loop a user writes: cut the generator into chunks of
 * CHUNK, keep at most IN_FLIGHT chunk calls in flight, consume results in order.
 */
async function boundedSum(pool: BenchPool, n: number): Promise<number> {
  let sum = 0;
  const inFlight: PromiseLike<unknown>[] = [];
  const consumeOldest = async () => {
    for (const v of (await inFlight.shift()!) as number[]) sum += v;
  };
  let chunk: number[] = [];
  for (const x of numbers(n)) {
    chunk.push(x);
    if (chunk.length === CHUNK) {
      inFlight.push(pool.run('incChunk', chunk));
      chunk = [];
      if (inFlight.length >= IN_FLIGHT) await consumeOldest();
    }
  }
  if (chunk.length > 0) inFlight.push(pool.run('incChunk', chunk));
  while (inFlight.length > 0) await consumeOldest();
  return sum;
}

async function measure(entryId: string, context: RunContext): Promise<Metrics> {
  const { items, warmup } = sizes(context);
  if (!isPoolSystem(entryId)) throw new Error(`unknown system ${entryId}`);
  let sumOf: (n: number) => Promise<number>;
  let pool: Pick<BenchPool, 'close'>;
  if (entryId === 'spindle') {
    const executor = new ThreadPoolExecutor({ maxWorkers: WORKERS });
    sumOf = (n) => spindleSum(executor, n);
    pool = { close: () => executor.shutdown() };
  } else {
    const peer = createPool(entryId);
    sumOf = (n) => boundedSum(peer, n);
    pool = peer;
  }
  check(`${entryId} warm-up sum`, await sumOf(warmup), expectedSum(warmup));
  collectGarbage();
  const rss = sampleRss(20);
  const start = now();
  const sum = await sumOf(items);
  const ms = now() - start;
  const { growth } = rss.stop();
  check(`${entryId} sum`, sum, expectedSum(items));
  await closePool(pool, entryId);
  return { ms, rate: items / (ms / 1000), rssGrowth: growth };
}

export const s5: Scenario = {
  id: 'S5',
  title: 'Streaming: lazy map over a generator',
  entries: POOL_ENTRIES,
  metrics: [
    { key: 'ms', label: 'wall ms', better: 'lower', digits: 0, ratio: true, chart: true },
    { key: 'rate', label: 'items/s', better: 'higher', digits: 0 },
    { key: 'rssGrowth', label: 'peak RSS growth MiB', better: 'lower', digits: 1, ratio: true },
  ],
  describe: (context) => {
    const { items, warmup } = sizes(context);
    return `x => x + 1 over ${items.toLocaleString('en-US')} items from a generator, chunks of ${CHUNK}, at most ${IN_FLIGHT} chunks in flight, results consumed in order and summed; 2 workers; after a ${warmup.toLocaleString('en-US')}-item warm-up. RSS (whole process) sampled every 20 ms; growth = peak − value at start (after a forced GC).`;
  },
  notes: [
    `spindle: \`for await (const v of pool.map(inc, gen(), { chunksize: ${CHUNK}, bufferSize: ${IN_FLIGHT} }))\`.`,
    `Peers have no lazy map: the harness runs the loop a user would write — cut the generator into arrays of ${CHUNK}, run a worker function that maps \`inc\` over the array, keep at most ${IN_FLIGHT} such calls in flight, consume in order. spindle also yields item by item through an async iterator while the peer loop sums whole arrays.`,
  ],
  measure,
};
