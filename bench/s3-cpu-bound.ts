/** S3 CPU-bound: 32 tasks of about 25 ms each on 2 workers, against the same loop run serially. */
import { cpuTimeMs } from './cpu.ts';
import { closePool, createPool, isPoolSystem } from './pools.ts';
import { check, floor, type MetricSpec, type Metrics, POOL_ENTRIES, type Scenario } from './scenario.ts';
import { now } from './stats.ts';
import { spin } from './workers/kernels.mjs';

const TASKS = 32;
const WARMUP = 4;

async function measure(entryId: string, { spinIters }: { spinIters: number }): Promise<Metrics> {
  const expected = spin(spinIters); // also warms the serial loop up
  if (entryId === 'serial') {
    spin(spinIters);
    const [wall, cpu] = [now(), cpuTimeMs()];
    for (let i = 0; i < TASKS; i++) check('serial', spin(spinIters), expected);
    return { wall: now() - wall, cpu: cpuTimeMs() - cpu };
  }
  if (!isPoolSystem(entryId)) throw new Error(`unknown system ${entryId}`);
  const pool = createPool(entryId);
  const batch = async (n: number) => {
    const results = await Promise.all(Array.from({ length: n }, () => pool.run('spin', spinIters)));
    for (const r of results) check(entryId, r, expected);
  };
  await batch(WARMUP);
  const [wall, cpu] = [now(), cpuTimeMs()];
  await batch(TASKS);
  const metrics = { wall: now() - wall, cpu: cpuTimeMs() - cpu };
  await closePool(pool, entryId);
  return metrics;
}

export const s3: Scenario = {
  id: 'S3',
  usesSpin: true,
  title: 'CPU-bound: 32 × 25 ms',
  entries: [...POOL_ENTRIES, floor('serial', 'serial (main thread)')],
  metrics: [
    { key: 'wall', label: 'wall ms', better: 'lower', digits: 0, ratio: true, chart: true },
    { key: 'cpu', label: 'CPU ms (all threads)', better: 'lower', digits: 0, ratio: true },
  ],
  describe: (context) =>
    `${TASKS} tasks of a deterministic loop calibrated once to ≈25 ms serial (${context.spinIters.toLocaleString('en-US')} iterations), submitted at once; 2 workers; after ${WARMUP} warm-up tasks. CPU time is process.cpuUsage() over the run, which counts every thread.`,
  notes: ['Ideal on 2 idle CPUs: half the serial wall time at the same CPU time.'],
  measure,
  derive(medians) {
    const serial = medians.get('serial');
    const metrics: MetricSpec[] = [
      { key: 'speedup', label: 'speedup vs serial', better: 'higher', digits: 2 },
      { key: 'cpuVsSerial', label: 'CPU ÷ serial CPU', better: 'lower', digits: 2 },
    ];
    const values = new Map<string, Metrics>();
    if (serial === undefined) return { metrics: [], values };
    for (const [id, m] of medians) {
      values.set(id, { speedup: serial.wall! / m.wall!, cpuVsSerial: m.cpu! / serial.cpu! });
    }
    return { metrics, values };
  },
};
