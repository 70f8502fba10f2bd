/**
 * bench/ratios.svg: per scenario and charted metric, each row's figure relative to spindle, as horizontal
 * bars from the 1.0 line on a log scale (right = spindle faster, left = the row faster).
 * Hand-written SVG, no dependencies.
 */
import type { ScenarioResult } from './summary.ts';
import { formatRatio } from './table.ts';

const WIDTH = 900;
const LABEL_W = 250;
const PLOT_X = LABEL_W + 55;
const PLOT_W = WIDTH - PLOT_X - 70;
const BAR_H = 16;
const ROW_H = 22;
const TITLE_H = 26;
const GAP = 12;
const TITLE = 'Each system relative to spindle (median of runs, log scale)';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Bar {
  label: string;
  ratio: number;
  floor: boolean;
}

interface Group {
  title: string;
  bars: Bar[];
}

function groups(results: readonly ScenarioResult[]): Group[] {
  return results.flatMap((result) =>
    result.metrics
      .filter((m) => m.chart)
      .flatMap((spec) => {
        const bars = result.rows
          // A ratio that is not a positive finite number (a row that measured nothing: NaN,
          // which a saved run holds as null) has no place on a log scale.
          .filter((r) => r.id !== 'spindle' && Number.isFinite(r.ratio[spec.key]) && r.ratio[spec.key]! > 0)
          .map((r) => ({ label: r.label, ratio: r.ratio[spec.key]!, floor: r.system === 'baseline' }));
        return bars.length === 0 ? [] : [{ title: `${result.id} ${result.title} — ${spec.label}`, bars }];
      }),
  );
}

export function ratioChart(results: readonly ScenarioResult[]): string {
  const all = groups(results);
  const ratios = all.flatMap((g) => g.bars.map((b) => b.ratio));
  const lo = Math.floor(Math.log2(Math.min(0.5, ...ratios)));
  const hi = Math.ceil(Math.log2(Math.max(2, ...ratios)));
  const x = (ratio: number) => PLOT_X + ((Math.log2(ratio) - lo) / (hi - lo)) * PLOT_W;
  const top = 84;
  const height = top + all.reduce((h, g) => h + TITLE_H + g.bars.length * ROW_H + GAP, 0) + 30;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12" role="img" aria-labelledby="title">`,
    `<title id="title">${TITLE}: ${escapeXml(all.map((g) => `${g.title}: ${g.bars.map((b) => `${b.label} ${formatRatio(b.ratio)}`).join(', ')}`).join('; '))}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold">${TITLE}</text>`,
    `<text x="12" y="40" fill="#444">Bar = spindle's speed ÷ the row's speed (the row's time ÷ spindle's, or spindle's rate ÷ the row's rate).</text>`,
    `<text x="12" y="56" fill="#444"><tspan fill="#2e7d32" font-weight="bold">green</tspan>, right of 1.0: spindle is faster · <tspan fill="#c62828" font-weight="bold">red</tspan>, left: the library is faster · <tspan fill="#757575" font-weight="bold">grey</tspan>: floors (no library on top)</text>`,
  );
  // Grid: one line per power of two, 1.0 emphasised, labels at the top and bottom.
  for (let p = lo; p <= hi; p++) {
    const gx = x(2 ** p).toFixed(1);
    const label = p < 0 ? `1/${2 ** -p}` : `${2 ** p}`;
    const strong = p === 0;
    out.push(
      `<line x1="${gx}" y1="${top - 8}" x2="${gx}" y2="${height - 24}" stroke="${strong ? '#222' : '#ddd'}" stroke-width="${strong ? 1.5 : 1}"/>`,
      `<text x="${gx}" y="${top - 12}" text-anchor="middle" fill="#555">${strong ? '1.0' : label}</text>`,
      `<text x="${gx}" y="${height - 10}" text-anchor="middle" fill="#555">${strong ? '1.0' : label}</text>`,
    );
  }
  let y = top;
  for (const group of all) {
    out.push(`<text x="12" y="${y + 16}" font-weight="bold">${escapeXml(group.title)}</text>`);
    y += TITLE_H;
    for (const bar of group.bars) {
      const x0 = x(1);
      const x1 = x(bar.ratio);
      const colour = bar.floor ? '#9e9e9e' : bar.ratio >= 1 ? '#2e7d32' : '#c62828';
      const left = Math.min(x0, x1);
      const valueX = bar.ratio >= 1 ? x1 + 4 : x1 - 4;
      out.push(
        `<text x="${LABEL_W}" y="${y + 12}" text-anchor="end">${escapeXml(bar.label)}</text>`,
        `<rect x="${left.toFixed(1)}" y="${y}" width="${Math.max(1, Math.abs(x1 - x0)).toFixed(1)}" height="${BAR_H}" fill="${colour}"/>`,
        `<text x="${valueX.toFixed(1)}" y="${y + 12}" text-anchor="${bar.ratio >= 1 ? 'start' : 'end'}">${formatRatio(bar.ratio)}</text>`,
      );
      y += ROW_H;
    }
    y += GAP;
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
