/** S1 throughput: many tiny tasks submitted at once, then all awaited. */
import { closePool, createPool, isPoolSystem } from './pools.ts';
import { bulkRoundTrip, startEchoWorker } from './raw.ts';
import { check, floor, type Metrics, POOL_ENTRIES, type RunContext, type Scenario } from './scenario.ts';
import { now } from './stats.ts';

const sizes = (context: RunContext) => ({
  tasks: context.quick ? 30_000 : 100_000,
  warmup: context.quick ? 5_000 : 10_000,
});

/** Sum of x + 1 over x = 0 … n-1. */
const expectedSum = (n: number) => (n * (n + 1)) / 2;

async function poolRun(system: string, tasks: number, warmup: number): Promise<Metrics> {
  if (!isPoolSystem(system)) throw new Error(`unknown system ${system}`);
  const pool = createPool(system);
  const burst = async (n: number) => {
    const pending = new Array<PromiseLike<unknown>>(n);
    for (let i = 0; i < n; i++) pending[i] = pool.run('inc', i);
    const results = (await Promise.all(pending)) as number[];
    let sum = 0;
    for (const r of results) sum += r;
    check(`${system} sum`, sum, expectedSum(n));
  };
  await burst(warmup);
  const start = now();
  await burst(tasks);
  const ms = now() - start;
  await closePool(pool, system);
  return { rate: tasks / (ms / 1000), ms };
}

async function rawRun(tasks: number, warmup: number): Promise<Metrics> {
  const worker = await startEchoWorker();
  const values = (n: number) => Array.from({ length: n }, (_, i) => i);
  check('raw warm-up sum', await bulkRoundTrip([worker], values(warmup), false), expectedSum(warmup));
  const all = values(tasks);
  const start = now();
  const sum = await bulkRoundTrip([worker], all, false);
  const ms = now() - start;
  check('raw sum', sum, expectedSum(tasks));
  await worker.terminate();
  return { rate: tasks / (ms / 1000), ms };
}

export const s1: Scenario = {
  id: 'S1',
  title: 'Throughput: tiny tasks submitted at once',
  entries: [...POOL_ENTRIES, floor('raw-postmessage', 'floor: raw postMessage (1 worker)')],
  metrics: [
    { key: 'rate', label: 'tasks/s', better: 'higher', digits: 0, ratio: true, chart: true },
    { key: 'ms', label: 'wall ms', better: 'lower', digits: 0 },
  ],
  describe: (context) => {
    const { tasks, warmup } = sizes(context);
    return `${tasks.toLocaleString('en-US')} tasks \`x => x + 1\` submitted at once, all awaited; 2 workers; after a ${warmup.toLocaleString('en-US')}-task warm-up.`;
  },
  notes: ['The floor posts every message to one bare worker that echoes x + 1, and counts the replies.'],
  measure: (entryId, context) => {
    const { tasks, warmup } = sizes(context);
    return entryId === 'raw-postmessage' ? rawRun(tasks, warmup) : poolRun(entryId, tasks, warmup);
  },
};
