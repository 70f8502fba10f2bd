/**
 * S14 `spindle crunch primes --to 1e9` against primesieve (Debian package), both as real
 * processes: one worker vs `primesieve -t1`, two workers vs `-t2`. Wall time is the sieve's own
 * (spindle's job time without worker start-up; primesieve's "Seconds"); CPU time is the whole
 * process's, from GNU time.
 */
import { SPINDLE, timedRun } from './cli-process.ts';
import { check, type MetricSpec, type Metrics, type Scenario } from './scenario.ts';

const N = '1e9';
const PI = 50_847_534;

async function measure(entryId: string): Promise<Metrics> {
  const [system, threads] = entryId.split('-t') as [string, string];
  if (system === 'spindle') {
    const args = ['crunch', 'primes', '--to', N, '--backend', 'threads', '--workers', threads, '--json'];
    const { stdout, cpuMs } = await timedRun(process.execPath, [SPINDLE, ...args]);
    const report = JSON.parse(stdout);
    check('spindle π(1e9)', report.count, PI);
    return { wall: report.runs[0].wallMs, cpu: cpuMs };
  }
  if (system === 'primesieve') {
    const { stdout, cpuMs } = await timedRun('primesieve', [N, '-t', threads, '--time']);
    check('primesieve π(1e9)', Number(/Primes: (\d+)/.exec(stdout)?.[1]), PI);
    return { wall: 1000 * Number(/Seconds: ([\d.]+)/.exec(stdout)?.[1]), cpu: cpuMs };
  }
  throw new Error(`unknown system ${entryId}`);
}

export const s14: Scenario = {
  id: 'S14',
  title: 'spindle crunch primes --to 1e9 vs primesieve',
  entries: [
    { id: 'spindle-t1', label: 'spindle crunch, 1 worker', system: 'spindle' },
    { id: 'spindle-t2', label: 'spindle crunch, 2 workers', system: 'spindle' },
    { id: 'primesieve-t1', label: 'peer: primesieve -t1', system: 'baseline' },
    { id: 'primesieve-t2', label: 'peer: primesieve -t2', system: 'baseline' },
  ],
  metrics: [
    { key: 'wall', label: 'sieve wall ms', better: 'lower', digits: 0, chart: true },
    { key: 'cpu', label: 'process CPU ms', better: 'lower', digits: 0 },
  ],
  describe: () =>
    `π(${N}) = ${PI.toLocaleString('en-US')} as real processes: \`node dist/cli/main.js crunch primes --to ${N} --backend threads --workers W --json\` and \`primesieve ${N} -t W --time\`.`,
  notes: [
    "spindle's wall time is its job time (pool start-up excluded, reported by the tool); primesieve's is its own `Seconds`. CPU time is the whole process (Node start-up, JIT and worker start included for spindle).",
    'spindle: mod-30 wheel bit sieve, 7·11·13·17·19 pre-sieved pattern, 64 KiB segments, SWAR popcount; primesieve uses a hand-tuned wheel with bucket sieving for large primes.',
  ],
  measure,
  derive(medians) {
    const metrics: MetricSpec[] = [
      { key: 'vsPrimesieve', label: 'wall ÷ primesieve (same threads)', better: 'lower', digits: 2 },
      { key: 'speedup', label: 'speedup vs 1 thread', better: 'higher', digits: 2 },
    ];
    const values = new Map<string, Metrics>();
    for (const [id, m] of medians) {
      const [system, threads] = id.split('-t') as [string, string];
      const peer = medians.get(`primesieve-t${threads}`);
      const single = medians.get(`${system}-t1`);
      values.set(id, {
        vsPrimesieve: peer ? m.wall! / peer.wall! : Number.NaN,
        speedup: single ? single.wall! / m.wall! : Number.NaN,
      });
    }
    return { metrics, values };
  },
};
