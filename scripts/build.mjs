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
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
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
