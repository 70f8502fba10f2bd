/** S6 cold start: a new pool to its first result, and the time its shutdown takes. */
import { closePool, createPool, isPoolSystem } from './pools.ts';
import { roundTrip, startEchoWorker } from './raw.ts';
import { check, floor, type Metrics, POOL_ENTRIES, type Scenario } from './scenario.ts';
import { median, now } from './stats.ts';

/** Pools made one after another in the same process; the first is the cold one. */
const POOLS = 4;
/** A shutdown still pending after this long is counted as hung and left behind. */
const SHUTDOWN_LIMIT_MS = 3000;

interface Lifecycle {
  firstResult: number;
  /** Undefined when the shutdown hung. */
  shutdown: number | undefined;
}

async function lifecycle(entryId: string): Promise<Lifecycle> {
  const start = now();
  if (entryId === 'raw-worker') {
    const workers = [startEchoWorker(), startEchoWorker()];
    const first = await Promise.race(workers.map(async (w) => roundTrip(await w, 1)));
    const firstResult = now() - start;
    check(entryId, first, 2);
    const ready = await Promise.all(workers);
    const stop = async () => {
      await Promise.all(ready.map((w) => w.terminate()));
    };
    const shutdown = await closePool({ close: stop }, entryId, SHUTDOWN_LIMIT_MS);
    return { firstResult, shutdown };
  }
  if (!isPoolSystem(entryId)) throw new Error(`unknown system ${entryId}`);
  const pool = createPool(entryId);
  const first = await pool.run('inc', 1);
  const firstResult = now() - start;
  check(entryId, first, 2);
  return { firstResult, shutdown: await closePool(pool, entryId, SHUTDOWN_LIMIT_MS) };
}

async function measure(entryId: string): Promise<Metrics> {
  const runs: Lifecycle[] = [];
  for (let i = 0; i < POOLS; i++) runs.push(await lifecycle(entryId));
  const shutdowns = runs.flatMap((r) => (r.shutdown === undefined ? [] : [r.shutdown]));
  return {
    cold: runs[0]!.firstResult,
    warm: median(runs.slice(1).map((r) => r.firstResult)),
    shutdown: median(shutdowns),
    hung: runs.length - shutdowns.length,
  };
}

export const s6: Scenario = {
  id: 'S6',
  title: 'Cold start and shutdown',
  entries: [...POOL_ENTRIES, floor('raw-worker', 'floor: 2 bare Workers')],
  metrics: [
    { key: 'cold', label: '1st pool → 1st result ms', better: 'lower', digits: 1, ratio: true, chart: true },
    { key: 'warm', label: 'later pools → 1st result ms', better: 'lower', digits: 1, ratio: true },
    { key: 'shutdown', label: 'shutdown ms', better: 'lower', digits: 1, ratio: true },
    { key: 'hung', label: `hung shutdowns (of ${POOLS}/run)`, better: 'lower', digits: 0, aggregate: 'sum' },
  ],
  describe: () =>
    `In a fresh process with the library already imported: construct a 2-worker pool, await one \`x => x + 1\` task, shut the pool down and await that (spindle shutdown(), piscina/tinypool/poolifier destroy(), workerpool terminate()); ${POOLS} pools in a row. No warm-up: the first pool is the cold figure; "later pools" is the median of pools 2–${POOLS}. Shutdown is the median over the pools whose shutdown finished within ${SHUTDOWN_LIMIT_MS / 1000} s; the others count as hung (summed over all runs).`,
  notes: [
    'spindle starts workers lazily (on submit); the peers start both workers when the pool is constructed. What each library does is what its users get.',
    'Floor: two bare `new Worker()`s, the first echo from either, then `terminate()` on both.',
  ],
  measure,
};
