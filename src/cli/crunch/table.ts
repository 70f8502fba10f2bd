/** A plain text table: a header row, then rows; the first column left-aligned, the rest right. */

/**
 * Lines of a table with columns padded to their widest cell.
 *
 * @example
 * ```ts
 * table(['backend', 'wall ms'], [['serial', '412']]); // ['backend  wall ms', 'serial       412']
 * ```
 */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
