/**
 * S16 distributed: tiny-task throughput and latency through spindle's DistributedExecutor with 1
 * and 2 local `spindle worker` processes, against raw BullMQ (Queue.addBulk / Queue.add + a plain
 * Worker + one QueueEvents stream) on the same Redis in the same run; and the speedup of a
 * CPU-bound job from 1 to 2 workers. Each row starts its own redis-server on a free port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, QueueEvents } from 'bullmq';
import { DistributedExecutor } from 'spindle/distributed';
import { check, type MetricSpec, type Metrics, type RunContext, type Scenario } from './scenario.ts';
import { now, percentile } from './stats.ts';
import { inc, spin } from './workers/spindle-tasks.mjs';

const REDIS = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
const sizes = (context: RunContext) => ({
  tiny: context.quick ? 2_000 : 10_000,
  latency: context.quick ? 200 : 1_000,
  cpuTasks: context.quick ? 16 : 40,
});
/** BullMQ-level jobs in flight per worker process, the same for spindle and raw BullMQ. */
const SLOTS = 2;
const PREFETCH = 2;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

function spawnReady(args: string[], command = process.execPath): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes('; ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${err}`)));
  });
}

interface Cluster {
  url: string;
  children: ChildProcess[];
}

async function startCluster(kind: 'spindle' | 'bullmq', workers: number, slots: number): Promise<Cluster> {
  const port = await freePort();
  const redis = spawn(
    REDIS,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; !(await ping(port)); i++) {
    if (i > 250) throw new Error('redis-server did not start');
    await sleep(20);
  }
  const start = () =>
    kind === 'spindle'
      ? spawnReady([
          'dist/cli/main.js',
          'worker',
          '--connection',
          url,
          '--tasks',
          'bench/workers/spindle-tasks.mjs',
          '--concurrency',
          String(slots),
          '--prefetch',
          String(slots === 1 ? 1 : PREFETCH),
        ])
      : spawnReady(['bench/workers/bullmq-raw-worker.mjs', url, 'raw', String(slots * PREFETCH)]);
  const children = await Promise.all(Array.from({ length: workers }, start));
  return { url, children: [redis, ...children] };
}

async function stopCluster(cluster: Cluster): Promise<void> {
  for (const child of cluster.children.reverse()) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid!, 'SIGKILL');
    await exited;
  }
}

/** Raw BullMQ producer: addBulk/add and one QueueEvents stream resolving per-job promises. */
async function rawProducer(url: string) {
  const { hostname, port } = new URL(url);
  const connection = { host: hostname, port: Number(port), maxRetriesPerRequest: null };
  const queue = new Queue('raw', { connection });
  const events = new QueueEvents('raw', { connection });
  await events.waitUntilReady();
  await sleep(50); // let the first XREAD start
  const waiting = new Map<string, (value: number) => void>();
  events.on('completed', ({ jobId, returnvalue }) => waiting.get(jobId)?.(Number(returnvalue)));
  let next = 0;
  const when = (id: string) =>
    new Promise<number>((resolve) => {
      waiting.set(id, resolve);
    });
  return {
    async bulk(name: string, items: number[]): Promise<number[]> {
      const jobs = items.map((data) => ({
        name,
        data,
        opts: { jobId: `r${next++}`, removeOnComplete: true },
      }));
      const results = jobs.map((j) => when(j.opts.jobId));
      await queue.addBulk(jobs);
      return Promise.all(results);
    },
    async one(name: string, data: number): Promise<number> {
      const jobId = `r${next++}`;
      const result = when(jobId);
      await queue.add(name, data, { jobId, removeOnComplete: true });
      return result;
    },
    async close() {
      await events.close();
      await queue.close();
    },
  };
}

async function measure(entryId: string, context: RunContext): Promise<Metrics> {
  const { tiny, latency, cpuTasks } = sizes(context);
  const [kind, w] = entryId.split('-') as ['spindle' | 'bullmq', string];
  const workers = Number.parseInt(w, 10);
  const items = Array.from({ length: tiny }, (_, i) => i);
  const lat: number[] = [];
  let rate: number;
  let cpu = Number.NaN;
  const cluster = await startCluster(kind, workers, SLOTS);
  try {
    if (kind === 'spindle') {
      const executor = new DistributedExecutor({ connection: cluster.url, removeAfter: 60_000 });
      await Promise.all(items.slice(0, 200).map((i) => executor.submit(inc, i))); // warm-up
      let start = now();
      const out = await Promise.all(items.map((i) => executor.submit(inc, i)));
      rate = tiny / ((now() - start) / 1000);
      check('spindle results', out[tiny - 1], tiny);
      for (let i = 0; i < latency; i++) {
        start = now();
        check('spindle latency', await executor.submit(inc, i), i + 1);
        lat.push((now() - start) * 1000);
      }
      await executor.shutdown();
    } else {
      const producer = await rawProducer(cluster.url);
      await producer.bulk('inc', items.slice(0, 200));
      let start = now();
      const out = await producer.bulk('inc', items);
      rate = tiny / ((now() - start) / 1000);
      check('bullmq results', out[tiny - 1], tiny);
      for (let i = 0; i < latency; i++) {
        start = now();
        check('bullmq latency', await producer.one('inc', i), i + 1);
        lat.push((now() - start) * 1000);
      }
      await producer.close();
    }
  } finally {
    await stopCluster(cluster);
  }
  if (kind === 'spindle') {
    // CPU-bound: one task at a time per worker process, so 2 workers can at best halve the time.
    // Without calibration spin(0) is instant and the "CPU job" measures only round trips.
    if (!(context.spinIters > 0)) throw new Error('S16 needs the spin calibration (context.spinIters)');
    const cpuCluster = await startCluster('spindle', workers, 1);
    try {
      const executor = new DistributedExecutor({ connection: cpuCluster.url });
      const expected = await executor.submit(spin, context.spinIters);
      const start = now();
      const out = await Promise.all(
        Array.from({ length: cpuTasks }, () => executor.submit(spin, context.spinIters)),
      );
      cpu = now() - start;
      check('spin results', out[0], expected);
      await executor.shutdown();
    } finally {
      await stopCluster(cpuCluster);
    }
  }
  return { rate, p50: percentile(lat, 50), p99: percentile(lat, 99), cpu };
}

export const s16: Scenario = {
  id: 'S16',
  usesSpin: true,
  title: 'Distributed executor on BullMQ + Redis vs raw BullMQ',
  entries: [
    { id: 'spindle-1', label: 'spindle DistributedExecutor, 1 worker', system: 'spindle' },
    { id: 'spindle-2', label: 'spindle DistributedExecutor, 2 workers', system: 'spindle' },
    { id: 'bullmq-1', label: 'floor: raw BullMQ, 1 worker', system: 'baseline' },
    { id: 'bullmq-2', label: 'floor: raw BullMQ, 2 workers', system: 'baseline' },
  ],
  metrics: [
    { key: 'rate', label: 'tiny tasks/s', better: 'higher', digits: 0, ratio: true, chart: true },
    { key: 'p50', label: 'p50 latency µs', better: 'lower', digits: 0, ratio: true },
    { key: 'p99', label: 'p99 latency µs', better: 'lower', digits: 0 },
    { key: 'cpu', label: 'CPU job ms', better: 'lower', digits: 0 },
  ],
  describe: (context) => {
    const { tiny, latency, cpuTasks } = sizes(context);
    return `A redis-server per row on 127.0.0.1; workers are separate processes (spindle: \`spindle worker --concurrency ${SLOTS} --prefetch ${PREFETCH}\`, a thread pool behind BullMQ; raw: a BullMQ Worker with concurrency ${SLOTS * PREFETCH} running the kernel in its processor). ${tiny.toLocaleString('en-US')} inc tasks submitted at once (spindle: submit, batched into addBulk; raw: one addBulk), results from one QueueEvents stream; then ${latency} sequential round trips. CPU job: ${cpuTasks} tasks of ≈25 ms, one at a time per worker.`;
  },
  notes: [
    'Target: spindle’s layer (codec, thread pool hop, cancel channel, result stream) costs < 20% over raw BullMQ on the same Redis: rate ≥ 0.8× and p50 ≤ 1.2× the raw row with the same number of workers.',
    'Redis, producer and workers share the 2 vCPUs: the CPU job’s speedup from 1 to 2 workers is bounded by what Redis and the producer also use.',
  ],
  measure,
  derive(medians) {
    const metrics: MetricSpec[] = [
      { key: 'vsRaw', label: 'rate ÷ raw (same workers)', better: 'higher', digits: 2 },
      { key: 'speedup', label: 'CPU job speedup vs 1 worker', better: 'higher', digits: 2 },
    ];
    const values = new Map<string, Metrics>();
    const one = medians.get('spindle-1')?.cpu;
    for (const [id, m] of medians) {
      const [kind, w] = id.split('-');
      const raw = medians.get(`bullmq-${w}`)?.rate;
      values.set(id, {
        vsRaw: kind === 'spindle' && raw ? m.rate! / raw : Number.NaN,
        speedup: kind === 'spindle' && one ? one / m.cpu! : Number.NaN,
      });
    }
    return { metrics, values };
  },
};
