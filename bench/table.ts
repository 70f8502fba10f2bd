/** Plain-text rendering of results: Markdown pipe tables, readable in a terminal too. */
import type { ScenarioResult } from './summary.ts';

export const RATIO_LEGEND =
  "× spindle = this row's cost as a multiple of spindle's (time, CPU, memory, or 1/throughput) in this run: above 1 spindle is better, below 1 the row is.";

function formatNumber(value: number | undefined, digits: number): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatRatio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}×`;
}

export function markdownTable(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (rightAligned[i] ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The scenario's table: one row per system or floor, each metric followed by its ratio if any. */
export function scenarioTable(result: ScenarioResult): string {
  const header = ['system'];
  const right = [false];
  for (const spec of result.metrics) {
    header.push(spec.label);
    right.push(true);
    if (spec.ratio) {
      header.push('× spindle');
      right.push(true);
    }
  }
  const rows = result.rows.map((row) => {
    const cells = [row.label];
    for (const spec of result.metrics) {
      cells.push(row.error ? 'failed' : formatNumber(row.median[spec.key], spec.digits ?? 1));
      if (spec.ratio) cells.push(row.id === 'spindle' ? '1.00×' : formatRatio(row.ratio[spec.key]));
    }
    return cells;
  });
  return markdownTable(header, rows, right);
}

/** Title, what was measured, table and notes, as printed after each scenario. */
export function scenarioSection(result: ScenarioResult, runs: number): string {
  const failures = result.rows.filter((r) => r.error).map((r) => `- ${r.label}: ${r.error}`);
  return [
    `## ${result.id} ${result.title}`,
    '',
    result.description,
    '',
    scenarioTable(result),
    '',
    ...result.notes.map((n) => `- ${n}`),
    `- Medians of ${runs} runs, each in a fresh process. × spindle above 1: spindle is better; below 1: the row is.`,
    ...failures,
  ].join('\n');
}
