/**
 * `npm run bench [-- --quick] [--only S1,S3] [--systems spindle,piscina] [--reps N]`
 *
 * Runs each scenario × system × repetition in its own child process (sequentially; the
 * systems take turns within each repetition), prints a table per scenario, writes
 * bench/.results/latest.json, and on a complete full run BENCHMARKS.md and bench/ratios.svg.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseOptions } from './cli.ts';
import { machine } from './machine.ts';
import { readNotes, renderMarkdown } from './report.ts';
import type { Metrics, RunContext } from './scenario.ts';
import { SCENARIOS } from './scenarios.ts';
import { runChild } from './spawn-child.ts';
import { type ScenarioResult, summarize } from './summary.ts';
import { ratioChart } from './svg.ts';
import { RATIO_LEGEND, scenarioSection } from './table.ts';

const CHILD_TIMEOUT_MS = 5 * 60_000;
const root = new URL('../', import.meta.url);

const args = process.argv.slice(2);
const options = parseOptions(
  args,
  SCENARIOS.map((s) => s.id),
);
const command = `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;
const began = performance.now();
const log = (message: string) => process.stderr.write(`${message}\n`);

const host = machine();
console.log(
  `spindle benchmarks (${options.quick ? 'quick' : 'full'}, ${options.reps} runs per row): ${host.cpu}, ${host.cpus} CPUs, Node ${host.node}`,
);
console.log(RATIO_LEGEND);
const scenarios = SCENARIOS.filter((s) => options.only.includes(s.id));
let calibration: { spinIters: number; spinMs: number } | undefined;
if (scenarios.some((s) => s.usesSpin)) {
  calibration = (await runChild(['calibrate'], CHILD_TIMEOUT_MS)) as { spinIters: number; spinMs: number };
  log(`calibrated: ${calibration.spinIters} iterations ≈ ${calibration.spinMs.toFixed(1)} ms`);
}
const context: RunContext = { quick: options.quick, spinIters: calibration?.spinIters ?? 0 };

const results: ScenarioResult[] = [];
let failed = false;
for (const scenario of scenarios) {
  const entries = scenario.entries.filter((e) => options.systems.includes(e.system));
  if (entries.length === 0) {
    log(
      `${scenario.id} skipped: none of its systems (${[...new Set(scenario.entries.map((e) => e.system))].join(', ')}) selected`,
    );
    continue;
  }
  const runs = new Map<string, Metrics[]>(entries.map((e) => [e.id, []]));
  const errors = new Map<string, string>();
  for (let rep = 0; rep < options.reps; rep++) {
    // Rotate the order each repetition so no system always runs first or last.
    const order = entries.map((_, i) => entries[(i + rep) % entries.length]!);
    for (const entry of order) {
      if (errors.has(entry.id)) continue;
      const t0 = performance.now();
      try {
        const metrics = (await runChild(
          [scenario.id, entry.id, JSON.stringify(context)],
          CHILD_TIMEOUT_MS,
        )) as Metrics;
        runs.get(entry.id)!.push(metrics);
        log(
          `${scenario.id} run ${rep + 1}/${options.reps} ${entry.id} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
        );
      } catch (error) {
        failed = true;
        errors.set(entry.id, (error as Error).message);
        log(`${scenario.id} ${entry.id} FAILED: ${(error as Error).message}`);
      }
    }
  }
  const result = summarize(scenario, scenario.describe(context), entries, runs, errors);
  results.push(result);
  console.log(`\n${scenarioSection(result, options.reps)}\n`);
}

const seconds = (performance.now() - began) / 1000;
const report = {
  command,
  date: new Date().toISOString(),
  seconds,
  reps: options.reps,
  machine: host,
  calibration,
  results,
};
mkdirSync(new URL('bench/.results/', root), { recursive: true });
writeFileSync(
  new URL('bench/.results/latest.json', root),
  `${JSON.stringify({ ...report, options }, null, 2)}\n`,
);
log(`\nwrote bench/.results/latest.json (${Math.round(seconds)} s)`);
if (!options.quick && options.complete && !failed) {
  writeFileSync(new URL('BENCHMARKS.md', root), renderMarkdown({ ...report, notes: readNotes(root) }));
  writeFileSync(new URL('bench/ratios.svg', root), ratioChart(results));
  log('wrote BENCHMARKS.md and bench/ratios.svg');
} else if (!options.quick) {
  log('BENCHMARKS.md not rewritten: only a complete full run (no --only/--systems, no failures) writes it');
}
process.exitCode = failed ? 1 : 0;
