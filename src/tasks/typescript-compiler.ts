/**
 * Compiles `.ts` task modules to plain ES modules once per process, for the Nodes that cannot
 * strip types themselves (Node 20, 22 before 22.18). Without it every worker thread and child
 * registers tsx again (a module-hooks thread and an esbuild service each, about 1 s here); with
 * it they import the compiled files. Each source file becomes one file in a directory of this
 * run (removed at exit), so a module imported by two task modules is still one module in a
 * worker. Imports of other `.ts` files point at their compiled files; every other import is
 * resolved here and pinned to its absolute URL, since the compiled file does not sit where the
 * source does. `import.meta.url`, `filename` and `dirname` keep the source's values, so
 * `defineTask(import.meta.url, …)` registers the task under the URL the caller knows.
 * The compiler is the esbuild that tsx brings (or the project's own).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TYPESCRIPT_FILE } from './typescript-files.ts';

/** The part of esbuild's API used here. */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}

interface ResolveArgs {
  path: string;
  kind: string;
  importer: string;
  resolveDir: string;
  pluginData?: unknown;
}

interface PluginBuild {
  onResolve(
    options: { filter: RegExp },
    callback: (args: ResolveArgs) => Promise<{ path: string; external: true } | undefined>,
  ): void;
  resolve(
    path: string,
    options: { kind: string; importer: string; resolveDir: string; pluginData: unknown },
  ): Promise<{ path: string; external: boolean; errors: unknown[] }>;
}

const PREFIX = 'spindle-ts-';
/** Marks the plugin's own resolve calls, so they take esbuild's default resolution. */
const OWN_RESOLVE = Symbol('spindle.own-resolve');

let esbuild: Promise<Esbuild | undefined> | undefined;
let runDirectory: string | undefined;
const compiled = new Map<string, Promise<void>>();

/**
 * The URL of a compiled copy of the `.ts` module at `moduleUrl` (and of the `.ts` modules it
 * imports), made once per process; undefined when no esbuild can be found.
 *
 * @example
 * ```ts
 * const url = await compileTypeScript('file:///app/tasks.ts'); // file:///tmp/spindle-ts-…/….mjs
 * if (url !== undefined) await import(url);
 * ```
 */
export async function compileTypeScript(moduleUrl: string): Promise<string | undefined> {
  esbuild ??= loadEsbuild(moduleUrl);
  const compiler = await esbuild;
  if (compiler === undefined) return undefined;
  const schedule = (path: string) => {
    if (!compiled.has(path)) compiled.set(path, compileFile(compiler, path, schedule));
  };
  const entry = fileURLToPath(moduleUrl);
  schedule(entry);
  // Files found while compiling join `compiled`: wait until a pass adds nothing new. All of
  // them, not only this graph's: a file another call scheduled may be one this graph imports.
  for (let seen = 0; seen < compiled.size; ) {
    seen = compiled.size;
    await Promise.all(compiled.values());
  }
  return pathToFileURL(outputPath(entry)).href;
}

async function compileFile(compiler: Esbuild, path: string, schedule: (path: string) => void): Promise<void> {
  const url = pathToFileURL(path).href;
  const plugin = {
    name: 'spindle-pin-imports',
    setup(build: PluginBuild) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData === OWN_RESOLVE) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const found = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: OWN_RESOLVE,
        });
        // Left as written for Node to resolve or to report, as it would without spindle.
        if (found.errors.length > 0 || found.external) return { path: args.path, external: true };
        if (TYPESCRIPT_FILE.test(found.path)) {
          schedule(found.path);
          return { path: pathToFileURL(outputPath(found.path)).href, external: true };
        }
        return { path: pathToFileURL(found.path).href, external: true };
      });
    },
  };
  const result = await compiler.build({
    entryPoints: [path],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node}`,
    // As Node resolves: no bundler-only `module` condition or field.
    conditions: [],
    mainFields: ['main'],
    sourcemap: 'inline',
    // Bundling renames a function that shares its name with a binding (`const square =
    // defineTask(…, function square…)`); defineTask reads the name, so it must survive.
    keepNames: true,
    logLevel: 'silent',
    // Every import is external, so this bundle holds this one file only: its define is its own.
    define: {
      'import.meta.url': JSON.stringify(url),
      'import.meta.filename': JSON.stringify(path),
      'import.meta.dirname': JSON.stringify(dirname(path)),
    },
    plugins: [plugin],
  });
  // The run's directory exists already (made with the first output path).
  await writeFile(outputPath(path), result.outputFiles[0]!.text);
}

/** Where the compiled copy of `path` goes: one name per source path, within this run. */
function outputPath(path: string): string {
  const digest = createHash('sha256').update(path).digest('hex').slice(0, 16);
  return join(runDir(), `${basename(path).replace(TYPESCRIPT_FILE, '')}-${digest}.mjs`);
}

/**
 * This process's directory of compiled files, made private (mode 0700) by mkdtemp and removed
 * when the process exits; those of processes that died without cleaning up are removed here.
 */
function runDir(): string {
  if (runDirectory !== undefined) return runDirectory;
  removeOrphans();
  const made = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  runDirectory = made;
  process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  return made;
}

function removeOrphans(): void {
  const uid = process.getuid?.();
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1];
    if (pid === undefined || isAlive(Number(pid))) continue;
    const path = join(tmpdir(), name);
    try {
      if (uid !== undefined && statSync(path).uid !== uid) continue;
    } catch {
      continue;
    }
    void rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** esbuild as tsx depends on it, else as the task module's project has it. */
async function loadEsbuild(moduleUrl: string): Promise<Esbuild | undefined> {
  const from = [import.meta.url, moduleUrl];
  for (const base of from) {
    try {
      const require = createRequire(base);
      const tsx = require.resolve('tsx/package.json');
      return await importEsbuild(createRequire(tsx).resolve('esbuild'));
    } catch {}
  }
  for (const base of from) {
    try {
      return await importEsbuild(createRequire(base).resolve('esbuild'));
    } catch {}
  }
  return undefined;
}

async function importEsbuild(path: string): Promise<Esbuild> {
  const module = (await import(pathToFileURL(path).href)) as Esbuild & { default?: Esbuild };
  return typeof module.build === 'function' ? module : module.default!;
}
