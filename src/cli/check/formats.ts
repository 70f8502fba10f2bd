/**
 * How `spindle check` prints: one text line per URL as it completes, or a whole document at the
 * end — JSON, JUnit XML (one testcase per URL, a failure for each URL not accepted), or a
 * Markdown table.
 */
import { paint } from '../output.ts';
import type { CheckResult } from './probe.ts';

/** The output formats of `--format`. */
export const FORMATS = ['text', 'json', 'junit', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

const chain = (r: CheckResult) =>
  r.redirects.length === 0
    ? ''
    : ` → ${r.redirects.map((hop) => `${hop.status} ${hop.location}`).join(' → ')}`;

/** `  [3 tries: 503 4 ms, 503 3 ms, 200 2 ms]` when a URL took more than one try. */
const triesText = (r: CheckResult) =>
  r.tries.length < 2
    ? ''
    : `  [${r.tries.length} tries: ${r.tries.map((t) => `${t.status ?? 'error'} ${t.latencyMs.toFixed(0)} ms`).join(', ')}]`;

/** One line for the text format. */
export function textLine(r: CheckResult): string {
  const mark = r.ok ? paint('green', 'ok  ') : paint('red', 'FAIL');
  const status = String(r.status ?? '---');
  const latency = `${r.latencyMs.toFixed(0).padStart(5)} ms`;
  const error = r.ok ? '' : `  (${r.error})`;
  return `${mark} ${status} ${latency}  ${r.url}${chain(r)}${error}${triesText(r)}`;
}

/** The JSON document: counts and every result in input order. */
export function jsonDocument(results: readonly CheckResult[]): string {
  const accepted = results.filter((r) => r.ok).length;
  return JSON.stringify(
    { checked: results.length, accepted, failed: results.length - accepted, results },
    null,
    2,
  );
}

/** Text safe inside XML attributes and content (characters XML 1.0 forbids are dropped). */
function xml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** A JUnit XML report: a testsuite of one testcase per URL. */
export function junitDocument(results: readonly CheckResult[], wallMs: number): string {
  const failures = results.filter((r) => !r.ok).length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const head = `tests="${results.length}" failures="${failures}" errors="0" time="${seconds(wallMs)}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="spindle check" ${head}>`,
    `  <testsuite name="spindle check" ${head}>`,
  ];
  for (const r of results) {
    const name = `name="${xml(r.url)}" classname="${xml(new URL(r.url).host)}" time="${seconds(r.latencyMs)}"`;
    if (r.ok) {
      lines.push(`    <testcase ${name}/>`);
    } else {
      lines.push(`    <testcase ${name}>`);
      lines.push(`      <failure message="${xml(r.error ?? 'failed')}" type="${r.status ?? 'error'}">`);
      lines.push(`${xml(`${r.status ?? 'no response'}${chain(r)}`)}</failure>`);
      lines.push('    </testcase>');
    }
  }
  lines.push('  </testsuite>', '</testsuites>');
  return lines.join('\n');
}

/** A Markdown table, one row per URL. */
export function markdownDocument(results: readonly CheckResult[]): string {
  const cell = (text: string) =>
    text
      .replace(/\\/g, '\\\\')
      .replace(/\|/g, '\\|')
      .replace(/[\r\n]+/g, ' ');
  const lines = [
    '| result | status | latency (ms) | URL | redirects | error |',
    '|---|---|---:|---|---|---|',
  ];
  for (const r of results) {
    const hops = r.redirects.map((hop) => `${hop.status} → ${hop.location}`).join('<br>');
    lines.push(
      `| ${r.ok ? 'ok' : 'FAIL'} | ${r.status ?? ''} | ${r.latencyMs.toFixed(0)} | ${cell(r.url)} | ${cell(hops)} | ${cell(r.ok ? '' : (r.error ?? ''))} |`,
    );
  }
  const accepted = results.filter((r) => r.ok).length;
  lines.push('', `${accepted} of ${results.length} accepted.`);
  return lines.join('\n');
}
