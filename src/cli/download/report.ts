/**
 * The end of a download run: a summary table on stderr (every URL for small runs, only the
 * failures beyond {@link TABLE_ROWS} URLs, always the totals) and the `--json` report on stdout.
 */
import { paint, say } from '../output.ts';
import { formatBytes, formatSeconds } from './progress.ts';
import type { DownloadResult } from './types.ts';

/** Up to this many URLs, the table lists every one. */
export const TABLE_ROWS = 40;

/** Aligned columns. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) =>
    row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  '),
  );
}

/** Prints the summary table and totals on stderr. */
export function printSummary(results: readonly DownloadResult[], wallMs: number): void {
  const shown = results.length <= TABLE_ROWS ? results : results.filter((r) => r.status !== 'ok');
  const rows = [['status', 'size', 'time', 'tries', 'file or error']];
  for (const r of shown) {
    rows.push([
      r.status,
      formatBytes(r.bytes),
      formatSeconds(r.durationMs),
      String(r.attempts.length),
      r.status === 'ok'
        ? `${r.file!}${r.skipped === undefined ? '' : ` (${r.skipped})`}`
        : `${r.url}: ${r.error}`,
    ]);
  }
  if (rows.length > 1) for (const line of table(rows)) say(line);
  const ok = results.filter((r) => r.status === 'ok');
  // What crossed the network in this run, not the size of what is on disk: a resume moves less.
  const moved = results.reduce((sum, r) => sum + r.transferred, 0);
  const failed = results.filter((r) => r.status === 'failed').length;
  const stopped = results.length - ok.length - failed;
  const skipped = ok.filter((r) => r.skipped !== undefined).length;
  const rate = formatBytes(moved / Math.max(0.001, wallMs / 1000));
  const parts = [
    `${ok.length}/${results.length} downloaded`,
    `${formatBytes(moved)} moved in ${formatSeconds(wallMs)} (${rate}/s)`,
  ];
  if (skipped > 0) parts.push(`${skipped} already there`);
  if (failed > 0) parts.push(paint('red', `${failed} failed`));
  if (stopped > 0) parts.push(paint('yellow', `${stopped} interrupted`));
  say(parts.join(', '));
}

/** The `--json` document: totals and every URL's record. */
export function jsonReport(results: readonly DownloadResult[], wallMs: number, interrupted: boolean): string {
  const count = (status: DownloadResult['status']) => results.filter((r) => r.status === status).length;
  return JSON.stringify(
    {
      ok: count('ok'),
      failed: count('failed'),
      interrupted: count('interrupted'),
      aborted: interrupted,
      durationMs: Math.round(wallMs),
      results,
    },
    null,
    2,
  );
}
