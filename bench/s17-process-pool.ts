/**
 * S17 process pools: tiny-task throughput, one-at-a-time latency and the first result of a new
 * pool, for pools whose workers are child processes (spindle's ProcessPoolExecutor, tinypool
 * with `runtime: 'child_process'`, workerpool with `workerType: 'process'`), with spindle's
 * thread pool as the reference of what a process boundary costs.
 */
import { fileURLToPath } from 'node:url';
import { ProcessPoolExecutor, ThreadPoolExecutor } from 'spindle';
import Tinypool from 'tinypool';
import workerpool from 'workerpool';
import { type BenchPool, closePool, WORKERS } from './pools.ts';
import { check, type Entry, type Metrics, type RunContext, type Scenario } from './scenario.ts';
import { median, now } from './stats.ts';
import * as tasks from './workers/spindle-tasks.mjs';

const sizes = (context: RunContext) => ({
  tasks: context.quick ? 5_000 : 20_000,
  calls: context.quick ? 500 : 2_000,
  warmup: 500,
});

const workerFile = (name: string) => new URL(`./workers/${name}`, import.meta.url);

const factories: Record<string, () => BenchPool> = {
  spindle: () => {
    const pool = new ProcessPoolExecutor({ maxWorkers: WORKERS });
    return { run: (_kernel, arg) => pool.submit(tasks.inc, arg as number), close: () => pool.shutdown() };
  },
  'tinypool-process': () => {
    const pool = new Tinypool({
      filename: workerFile('tinypool-worker.mjs').href,
      runtime: 'child_process',
      minThreads: WORKERS,
      maxThreads: WORKERS,
    });
    return { run: (name, arg) => pool.run(arg, { name }), close: () => pool.destroy() };
  },
  'workerpool-process': () => {
    const pool = workerpool.pool(fileURLToPath(workerFile('workerpool-worker.mjs')), {
      minWorkers: WORKERS,
      maxWorkers: WORKERS,
      workerType: 'process',
    });
    return {
      run: (name, arg) => pool.exec(name, [arg]),
      close: async () => {
        await pool.terminate();
      },
    };
  },
  'spindle-thread': () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: WORKERS });
    return { run: (_kernel, arg) => pool.submit(tasks.inc, arg as number), close: () => pool.shutdown() };
  },
};

async function measure(entryId: string, context: RunContext): Promise<Metrics> {
  const make = factories[entryId];
  if (make === undefined) throw new Error(`unknown entry ${entryId}`);
  const { tasks: n, calls, warmup } = sizes(context);
  const coldStart = now();
  const pool = make();
  check(`${entryId} first`, await pool.run('inc', 1), 2);
  const first = now() - coldStart;
  // Both workers up and warm before anything is timed.
  for (let i = 0; i < warmup; i++) {
    const [a, b] = (await Promise.all([pool.run('inc', i), pool.run('inc', i)])) as number[];
    check(entryId, a! + b!, 2 * (i + 1));
  }
  const samples = new Array<number>(calls);
  for (let i = 0; i < calls; i++) {
    const start = now();
    const result = await pool.run('inc', i);
    samples[i] = (now() - start) * 1000;
    if (result !== i + 1) check(entryId, result, i + 1);
  }
  const start = now();
  const pending = new Array<PromiseLike<unknown>>(n);
  for (let i = 0; i < n; i++) pending[i] = pool.run('inc', i);
  let sum = 0;
  for (const r of (await Promise.all(pending)) as number[]) sum += r;
  const ms = now() - start;
  check(`${entryId} sum`, sum, (n * (n + 1)) / 2);
  await closePool(pool, entryId);
  return { rate: n / (ms / 1000), p50: median(samples), first };
}

const entry = (id: string, label: string, system: string): Entry => ({ id, label, system });

export const s17: Scenario = {
  id: 'S17',
  title: 'Process pools: tiny tasks over a process boundary',
  entries: [
    entry('spindle', 'spindle ProcessPoolExecutor', 'spindle'),
    entry('tinypool-process', "tinypool runtime: 'child_process'", 'tinypool'),
    entry('workerpool-process', "workerpool workerType: 'process'", 'workerpool'),
    entry('spindle-thread', 'reference: spindle ThreadPoolExecutor', 'baseline'),
  ],
  metrics: [
    { key: 'rate', label: 'tasks/s', better: 'higher', digits: 0, ratio: true, chart: true },
    { key: 'p50', label: 'median µs (one at a time)', better: 'lower', digits: 1, ratio: true },
    { key: 'first', label: 'first result ms', better: 'lower', digits: 1, ratio: true },
  ],
  describe: (context) => {
    const { tasks: n, calls } = sizes(context);
    return `2 child processes: the first result of a new pool; ${calls.toLocaleString('en-US')} calls \`x => x + 1\` one at a time; then ${n.toLocaleString('en-US')} submitted at once, all awaited.`;
  },
  notes: [
    'Each child process runs one task at a time in all three libraries; spindle sends a child its next call only after the previous answer (a call sent to a process counts as started, so a crash can fail nothing else).',
    'The thread-pool row shows what the process boundary costs on the same machine.',
  ],
  measure,
};
