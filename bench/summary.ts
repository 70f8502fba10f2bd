/** Turns the runs of one scenario into medians and ratios against spindle. */
import type { Entry, MetricSpec, Metrics, Scenario } from './scenario.ts';
import { median } from './stats.ts';

export interface RowResult extends Entry {
  runs: Metrics[];
  median: Metrics;
  /**
   * Per ratio metric: this row's cost as a multiple of spindle's (time, CPU, memory, or
   * 1 / throughput). Above 1 spindle is better; below 1 this row is.
   */
  ratio: Metrics;
  error?: string;
}

export interface ScenarioResult {
  id: string;
  title: string;
  description: string;
  notes: string[];
  metrics: MetricSpec[];
  rows: RowResult[];
}

/** spindle's cost ÷ … the ratio convention used in every table and the chart. */
export function costRatio(spec: MetricSpec, row: number, spindle: number): number {
  return spec.better === 'higher' ? spindle / row : row / spindle;
}

export function summarize(
  scenario: Scenario,
  description: string,
  entries: readonly Entry[],
  runs: ReadonlyMap<string, Metrics[]>,
  errors: ReadonlyMap<string, string>,
): ScenarioResult {
  const medians = new Map<string, Metrics>();
  for (const entry of entries) {
    const rowRuns = runs.get(entry.id) ?? [];
    if (rowRuns.length === 0) continue;
    const m: Metrics = {};
    for (const spec of scenario.metrics) {
      const values = rowRuns.map((r) => r[spec.key]!).filter((v) => Number.isFinite(v)); // JSON turns NaN into null
      m[spec.key] = spec.aggregate === 'sum' ? values.reduce((a, b) => a + b, 0) : median(values);
    }
    medians.set(entry.id, m);
  }
  const derived = scenario.derive?.(medians);
  for (const [id, extra] of derived?.values ?? []) Object.assign(medians.get(id)!, extra);
  const metrics = [...scenario.metrics, ...(derived?.metrics ?? [])];
  const spindle = medians.get('spindle');
  const rows = entries.map((entry): RowResult => {
    const m = medians.get(entry.id) ?? {};
    const ratio: Metrics = {};
    if (spindle !== undefined && medians.has(entry.id)) {
      for (const spec of metrics) {
        if (spec.ratio) ratio[spec.key] = costRatio(spec, m[spec.key]!, spindle[spec.key]!);
      }
    }
    const error = errors.get(entry.id);
    return { ...entry, runs: runs.get(entry.id) ?? [], median: m, ratio, ...(error ? { error } : {}) };
  });
  return { id: scenario.id, title: scenario.title, description, notes: scenario.notes, metrics, rows };
}
