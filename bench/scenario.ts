/** What a scenario file exports: its rows (systems and floors), its columns, and how to measure one row. */

export type Metrics = Record<string, number>;

export interface MetricSpec {
  key: string;
  /** Column header, with its unit. */
  label: string;
  better: 'higher' | 'lower';
  digits?: number;
  /** Print a "vs spindle" column for this metric. */
  ratio?: boolean;
  /** Drawn in bench/ratios.svg: one group of bars per charted metric (usually one per scenario). */
  chart?: boolean;
  /** How runs combine: the median (default) or, for counts of rare events, the sum. */
  aggregate?: 'median' | 'sum';
}

/** A table row: one library (a pool, or for S7 an async lock), or a floor (bare worker_threads, serial code, plain node:net). */
export interface Entry {
  id: string;
  label: string;
  /** The --systems name that selects it; floors are all `baseline`. */
  system: string;
}

/** Settings every child receives: the mode and the S3 loop calibration. */
export interface RunContext {
  quick: boolean;
  /** Iterations of kernels.spin that take about 25 ms on the main thread. */
  spinIters: number;
}

export interface Scenario {
  id: string;
  title: string;
  entries: Entry[];
  metrics: MetricSpec[];
  /** Uses `context.spinIters` (kernels.spin calibrated to ≈25 ms): the runner calibrates first. */
  usesSpin?: boolean;
  /** One line on what exactly is measured, for the given mode. */
  describe(context: RunContext): string;
  /** Caveats printed under the table. */
  notes: string[];
  /** Runs in a fresh child process: warm up, then measure one repetition of one entry. */
  measure(entryId: string, context: RunContext): Promise<Metrics>;
  /** Extra columns computed from the medians of all rows (e.g. speedup over the serial run). */
  derive?(medians: ReadonlyMap<string, Metrics>): { metrics: MetricSpec[]; values: Map<string, Metrics> };
}

export const POOL_ENTRIES: Entry[] = [
  { id: 'spindle', label: 'spindle', system: 'spindle' },
  { id: 'piscina', label: 'piscina', system: 'piscina' },
  { id: 'tinypool', label: 'tinypool', system: 'tinypool' },
  { id: 'poolifier', label: 'poolifier', system: 'poolifier' },
  { id: 'workerpool', label: 'workerpool', system: 'workerpool' },
];

export function floor(id: string, label: string): Entry {
  return { id, label, system: 'baseline' };
}

/** Throws when a run computed the wrong answer: a fast wrong benchmark is worse than none. */
export function check(what: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

/** Marks the one line of a child's stdout that carries its result as JSON. */
export const RESULT_PREFIX = '@@bench-result ';
