/**
 * S11 Thread start → join: how long `new Thread(empty).start(); await join()` takes, the first
 * time (a worker boots) and then with the cache of idle workers, vs the only alternative plain
 * Node offers — a fresh `new Worker` with an empty script, started and awaited to its exit.
 */
import { Worker } from 'node:worker_threads';
import { Thread } from 'spindle/threading';
import type { Metrics, RunContext, Scenario } from './scenario.ts';
import { floor } from './scenario.ts';
import { median, now, percentile } from './stats.ts';

const count = (context: RunContext) => (context.quick ? 50 : 300);

/** A self-contained inline target: the worker compiles its source once and caches it. */
function empty(): void {}

async function threadOnce(): Promise<number> {
  const start = now();
  const thread = new Thread({ target: empty });
  thread.start();
  await thread.join();
  const ms = now() - start;
  if (thread.error !== undefined) throw thread.error;
  return ms;
}

async function workerOnce(): Promise<number> {
  const start = now();
  const worker = new Worker('', { eval: true });
  const code = await new Promise<number>((resolve, reject) => {
    worker.once('exit', resolve);
    worker.once('error', reject);
  });
  if (code !== 0) throw new Error(`empty worker exited with ${code}`);
  return now() - start;
}

async function measure(entryId: string, context: RunContext): Promise<Metrics> {
  const once = entryId === 'spindle' ? threadOnce : entryId === 'fresh-worker' ? workerOnce : undefined;
  if (once === undefined) throw new Error(`unknown system ${entryId}`);
  const first = await once();
  const times: number[] = [];
  for (let i = 0; i < count(context); i++) times.push(await once());
  return { first, p50: median(times), p95: percentile(times, 95) };
}

export const s11: Scenario = {
  id: 'S11',
  title: 'Thread start → join',
  entries: [
    { id: 'spindle', label: 'spindle Thread', system: 'spindle' },
    floor('fresh-worker', 'floor: fresh new Worker'),
  ],
  metrics: [
    { key: 'first', label: '1st start → join ms', better: 'lower', digits: 2, ratio: true },
    { key: 'p50', label: 'later p50 ms', better: 'lower', digits: 3, ratio: true, chart: true },
    { key: 'p95', label: 'later p95 ms', better: 'lower', digits: 3, ratio: true },
  ],
  describe: (context) =>
    `In a fresh process: start an empty target and await its end, ${count(context) + 1} times in a row. spindle: \`new Thread({ target: empty })\`, \`start()\`, \`await join()\` — the first one boots a worker, later ones reuse the idle cached worker. Floor: \`new Worker('', { eval: true })\` awaited to its \`exit\`, every time. "Later" is the median and p95 of all but the first.`,
  notes: [
    'A spindle Thread gets a worker of its own from a cache of idle workers (kept 5 s, never keeping the process alive), so only the first start pays for booting a worker.',
  ],
  measure,
};
