/**
 * S6 cold start: a new pool to its first result, and the time its shutdown takes — in a process
 * that has the library loaded, and as a whole process (start, import, pool, first result, exit),
 * also with a TypeScript program and task module, against the floors of bare Node.
 */
import { closePool, createPool, isPoolSystem } from './pools.ts';
import { roundTrip, startEchoWorker } from './raw.ts';
import { check, floor, type Metrics, POOL_ENTRIES, type Scenario } from './scenario.ts';
import { median, now } from './stats.ts';
import { node24, wallMs } from './whole-process.ts';

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

/** The whole-process rows: how each is started. Node 24 ones are skipped (empty) without a Node 24. */
const PROCESSES: Record<string, () => [string, string[]] | undefined> = {
  spindle: () => [process.execPath, ['bench/cold/spindle.mjs']],
  piscina: () => [process.execPath, ['bench/cold/piscina.mjs']],
  'spindle-tsx': () => [process.execPath, ['--import', 'tsx', 'bench/cold/spindle.ts']],
  'spindle-24': () => withNode24(['bench/cold/spindle.mjs']),
  'spindle-24-ts': () => withNode24(['bench/cold/spindle.ts']),
  'process-worker': () => [process.execPath, ['bench/cold/worker.mjs']],
  'process-fork': () => [process.execPath, ['bench/cold/fork.mjs']],
  'node-e0': () => [process.execPath, ['-e', '0']],
  'import-spindle': () => [process.execPath, ['--input-type=module', '-e', "import 'spindle';"]],
  'import-piscina': () => [process.execPath, ['--input-type=module', '-e', "import 'piscina';"]],
};

function withNode24(args: string[]): [string, string[]] | undefined {
  const node = node24();
  return node === undefined ? undefined : [node, args];
}

/** Spawn → exit of the entry's whole-process program, or NaN when it has none here. */
async function wholeProcess(entryId: string): Promise<number> {
  const command = PROCESSES[entryId]?.();
  return command === undefined ? Number.NaN : wallMs(...command);
}

async function measure(entryId: string): Promise<Metrics> {
  const whole = await wholeProcess(entryId);
  if (!isPoolSystem(entryId) && entryId !== 'raw-worker') return { process: whole };
  const runs: Lifecycle[] = [];
  for (let i = 0; i < POOLS; i++) runs.push(await lifecycle(entryId));
  const shutdowns = runs.flatMap((r) => (r.shutdown === undefined ? [] : [r.shutdown]));
  return {
    process: whole,
    cold: runs[0]!.firstResult,
    warm: median(runs.slice(1).map((r) => r.firstResult)),
    shutdown: median(shutdowns),
    hung: runs.length - shutdowns.length,
  };
}

export const s6: Scenario = {
  id: 'S6',
  title: 'Cold start and shutdown',
  entries: [
    ...POOL_ENTRIES,
    floor('raw-worker', 'floor: 2 bare Workers'),
    { id: 'spindle-tsx', label: 'spindle, .ts under tsx', system: 'spindle' },
    { id: 'spindle-24', label: 'spindle on Node 24', system: 'spindle' },
    { id: 'spindle-24-ts', label: 'spindle on Node 24, .ts', system: 'spindle' },
    floor('process-worker', 'floor: bare Worker, 1 message'),
    floor('process-fork', 'floor: bare fork of an empty file'),
    floor('node-e0', 'floor: node -e 0'),
    { id: 'import-spindle', label: 'node -e "import \'spindle\'"', system: 'spindle' },
    { id: 'import-piscina', label: 'node -e "import \'piscina\'"', system: 'piscina' },
  ],
  metrics: [
    { key: 'process', label: 'whole process ms', better: 'lower', digits: 0, ratio: true },
    { key: 'cold', label: '1st pool → 1st result ms', better: 'lower', digits: 1, ratio: true, chart: true },
    { key: 'warm', label: 'later pools → 1st result ms', better: 'lower', digits: 1, ratio: true },
    { key: 'shutdown', label: 'shutdown ms', better: 'lower', digits: 1, ratio: true },
    { key: 'hung', label: `hung shutdowns (of ${POOLS}/run)`, better: 'lower', digits: 0, aggregate: 'sum' },
  ],
  describe: () =>
    `Whole process: see the notes. In a fresh process with the library already imported: construct a 2-worker pool, await one \`x => x + 1\` task, shut the pool down and await that (spindle shutdown(), piscina/tinypool/poolifier destroy(), workerpool terminate()); ${POOLS} pools in a row. No warm-up: the first pool is the cold figure; "later pools" is the median of pools 2–${POOLS}. Shutdown is the median over the pools whose shutdown finished within ${SHUTDOWN_LIMIT_MS / 1000} s; the others count as hung (summed over all runs).`,
  notes: [
    'spindle starts workers lazily (on submit); the peers start both workers when the pool is constructed. What each library does is what its users get.',
    'Floor: two bare `new Worker()`s, the first echo from either, then `terminate()` on both.',
    '"Whole process" is a separate `node` run from spawn to exit: import the library, a 2-worker pool, one `inc` task, shutdown (bench/cold/). "spindle, .ts under tsx" runs the same program and task module as TypeScript with `node --import tsx` on this Node; the Node 24 rows use its built-in type stripping (`$SPINDLE_NODE24` or /tmp/node24; empty without one). Its floors: a bare `new Worker` answering one message, a bare `child_process.fork` of an empty file awaited to its exit, `node -e 0`; the import rows are a process that only imports the library (minus `node -e 0`: what the import costs).',
  ],
  measure,
};
