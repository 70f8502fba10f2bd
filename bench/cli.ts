/** Command-line options of `npm run bench -- …`. */
import { parseArgs } from 'node:util';

export const SYSTEM_NAMES = [
  'spindle',
  'piscina',
  'tinypool',
  'poolifier',
  'workerpool',
  // S7's peers: async locks and semaphores, not pools.
  'async-mutex',
  'async-sema',
  // S12/S13's peers: command-line HTTP clients.
  'curl',
  'wget2',
  'aria2c',
  'baseline',
];

export interface Options {
  quick: boolean;
  reps: number;
  /** Scenario ids to run, e.g. S1, S3. */
  only: string[];
  /** Systems to run; `baseline` selects the floors (bare workers, serial code). */
  systems: string[];
  /** True when every scenario and system runs (only then is BENCHMARKS.md rewritten). */
  complete: boolean;
}

export const USAGE = `usage: npm run bench -- [--quick] [--only S1,S3] [--systems spindle,piscina,baseline] [--reps N]
  --quick     2 runs per row and smaller sizes (S1 30k tasks, S2 2k calls, S4 100 MiB, S5 200k items,
              S7 200k acquisitions, S8 3k + 5k round trips, S12 a 64 MiB big file)
  --only      scenarios to run (default all, S1–S17; e.g. --only S1,S12)
  --systems   ${SYSTEM_NAMES.join(', ')} (default all; baseline = the floors;
              a scenario with none of them selected is skipped)
  --reps      runs per row (default 5, quick 2)
Full runs without --only/--systems also write BENCHMARKS.md and bench/ratios.svg.`;

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

export function parseOptions(args: string[], scenarioIds: readonly string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      systems: { type: 'string' },
      reps: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = list(values.only)?.map((s) => s.toUpperCase()) ?? [...scenarioIds];
  for (const id of only) if (!scenarioIds.includes(id)) throw new Error(`unknown scenario ${id}\n${USAGE}`);
  const systems = list(values.systems)?.map((s) => s.toLowerCase()) ?? [...SYSTEM_NAMES];
  for (const s of systems) if (!SYSTEM_NAMES.includes(s)) throw new Error(`unknown system ${s}\n${USAGE}`);
  const reps = values.reps === undefined ? (values.quick ? 2 : 5) : Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a positive integer\n${USAGE}`);
  return {
    quick: values.quick,
    reps,
    only,
    systems,
    complete: values.only === undefined && values.systems === undefined,
  };
}
