#!/usr/bin/env node
/**
 * `npm run build`: dist/ as users get it. esbuild bundles src/ into a few ES modules — one file
 * per public entry, per worker/child entry and for the CLI, with the code they share split into
 * dist/chunks/ (so every class exists once, whichever subpath imports it) — because loading one
 * file is much cheaper than loading a hundred: `import 'spindle'`, a worker's boot and a CLI run
 * all start faster. tsc then writes the declarations (.d.ts) next to them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
process.chdir(root);

/** Public subpaths (package.json "exports"), worker and child entries, the CLI. */
const ENTRIES = [
  'src/index.ts',
  'src/futures/index.ts',
  'src/multiprocessing/index.ts',
  'src/asyncio/index.ts',
  'src/threading/index.ts',
  'src/queue/index.ts',
  'src/distributed/index.ts',
  'src/runtime/thread-entry.ts',
  'src/runtime/process-entry.ts',
  'src/multiprocessing/process-child.ts',
  'src/cli/main.ts',
  'src/cli/crunch/tasks.ts',
];

/**
 * Modules that find files relative to their own `import.meta.url`, and the folder (below dist/)
 * of the output file their code must land in for those paths to hold. Bundling moves code into
 * chunks, so any other module doing this fails the build rather than a user's run.
 */
const LOCATES_FILES = {
  'src/runtime/entry-url.ts': 'chunks', // ../runtime/thread-entry.js
  'src/cli/version.ts': 'chunks', // ../../package.json
};

/**
 * The public subpaths' modules, imported (for their side effects only) by every entry but the
 * CLI's: every module they reach is then reached by the same set of entries, so esbuild puts all
 * of it in one shared chunk instead of a chunk per combination of entries. Loading one 250 KB
 * file costs about half of loading the same code as thirty chunks (`import 'spindle'` 18 ms
 * against 35–45 ms here); a worker, whose task module imports 'spindle', loads that chunk too.
 */
const CORE = ['src/index.ts', 'src/runtime/worker-loop.ts'];
const LIGHT_ENTRIES = new Set(['src/cli/main.ts']);
const oneCoreChunk = {
  name: 'one-core-chunk',
  setup(build) {
    build.onResolve({ filter: /^spindle-core:all$/ }, () => ({ path: 'all', namespace: 'spindle-core' }));
    build.onLoad({ filter: /.*/, namespace: 'spindle-core' }, () => ({
      contents: CORE.map((file) => `import ${JSON.stringify(`./${file}`)};`).join('\n'),
      resolveDir: root,
      loader: 'js',
    }));
    const entries = ENTRIES.filter((entry) => !LIGHT_ENTRIES.has(entry)).map((entry) => `${root}${entry}`);
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!entries.includes(args.path)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      return { contents: `${source}\nimport 'spindle-core:all';\n`, loader: 'ts' };
    });
  },
};

rmSync('dist', { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: ENTRIES,
  outbase: 'src',
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // Task and class names are part of the wire format and of messages: keep them as written.
  keepNames: true,
  // No source maps: the output is unminified ESM with names kept, so a stack trace already points
  // at readable code, while maps carrying their sources (the only kind worth shipping) were 1.1 of
  // the package's 2.1 MB and took its install to 3.0 MB on disk, the issue's limit.
  sourcemap: false,
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  plugins: [oneCoreChunk],
});

for (const input of Object.keys(metafile.inputs)) {
  if (!input.startsWith('src/')) continue;
  const locates = /new URL\([^)]*import\.meta\.url/.test(readFileSync(input, 'utf8'));
  if (!locates && !(input in LOCATES_FILES)) continue;
  const output = Object.keys(metafile.outputs).find((o) => input in metafile.outputs[o].inputs);
  const dir = output === undefined ? undefined : dirname(relative('dist', output));
  if (LOCATES_FILES[input] === undefined || dir !== LOCATES_FILES[input]) {
    throw new Error(
      `build: ${input} finds files relative to import.meta.url but its code landed in ${output}; ` +
        'make it an entry (ENTRIES) or locate the file through src/runtime/entry-url.ts, then list it in LOCATES_FILES',
    );
  }
}

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
