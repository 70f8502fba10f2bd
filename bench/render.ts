/**
 * Rewrites BENCHMARKS.md and bench/ratios.svg from the last saved run (bench/.results/latest.json)
 * — e.g. after editing bench/NOTES.md — without measuring again. Only a complete full run counts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type Report, readNotes, renderMarkdown } from './report.ts';
import { ratioChart } from './svg.ts';

const root = new URL('../', import.meta.url);
const saved = JSON.parse(readFileSync(new URL('bench/.results/latest.json', root), 'utf8')) as Report & {
  options: { quick: boolean; complete: boolean };
};
if (saved.options.quick || !saved.options.complete) {
  throw new Error('the last run was quick or partial: run `npm run bench` in full first');
}
if (saved.results.some((r) => r.rows.some((row) => (row as { error?: string }).error))) {
  throw new Error('the last run had failures: fix them and run `npm run bench` again');
}
writeFileSync(new URL('BENCHMARKS.md', root), renderMarkdown({ ...saved, notes: readNotes(root) }));
writeFileSync(new URL('bench/ratios.svg', root), ratioChart(saved.results));
console.log('wrote BENCHMARKS.md and bench/ratios.svg from bench/.results/latest.json');
