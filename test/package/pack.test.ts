/**
 * What `npm pack` puts in the tarball a user installs: only what runs or types-checks in their
 * project, and nothing that points at a file left behind. Reads the built dist/ (`npm test`
 * builds first); scripts are skipped so packing does not rebuild.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const npm = (...args: string[]) => run('npm', args, { cwd: root, maxBuffer: 64 * 1024 * 1024 });
/** Runs a devDependency's command with this Node; a failure carries the command's report. */
async function bin(name: string, ...args: string[]): Promise<string> {
  try {
    return (await run(process.execPath, [join(root, 'node_modules/.bin', name), ...args], { cwd: root }))
      .stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${name} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
}

interface PackResult {
  filename: string;
  files: { path: string }[];
}

/** Every file path a package.json field points at (exports, bin, main, types, typesVersions). */
function targets(value: unknown): string[] {
  if (typeof value === 'string') return [value.replace(/^\.\//, '')];
  if (Array.isArray(value)) return value.flatMap(targets);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(targets);
  return [];
}

describe('the published package', () => {
  let files: string[] = [];
  let pkg: Record<string, unknown> = {};

  before(async () => {
    assert.ok(existsSync(join(root, 'dist/index.js')), 'dist/ is built (`npm run build`)');
    const { stdout } = await npm('pack', '--dry-run', '--json', '--ignore-scripts');
    files = (JSON.parse(stdout) as PackResult[])[0]!.files.map((f) => f.path).sort();
    pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  });

  test('holds only the compiled JS and its types, package.json, README and LICENSE', () => {
    const extra = files.filter(
      (path) =>
        !['package.json', 'README.md', 'LICENSE'].includes(path) &&
        !/^dist\/.+\.(js|d\.ts)$/.test(path) &&
        !/^dist\/.+\.js\.map$/.test(path),
    );
    assert.deepEqual(extra, [], 'files a user does not need');
    for (const needed of ['package.json', 'README.md', 'LICENSE']) assert.ok(files.includes(needed), needed);
  });

  test('every file package.json points at is in it', () => {
    const pointed = targets([pkg.exports, pkg.bin, pkg.main, pkg.types, pkg.typesVersions]);
    assert.ok(pointed.length > 10, `found the targets: ${pointed}`);
    assert.deepEqual(
      pointed.filter((path) => !files.includes(path)),
      [],
      'targets missing from the tarball',
    );
  });

  test('a source map ships only with its sources inside it, and only where a script names it', async () => {
    const shipped = new Set(files);
    for (const path of files.filter((p) => p.endsWith('.js'))) {
      const code = await readFile(join(root, path), 'utf8');
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
      if (url === undefined) continue;
      const mapPath = join(path, '..', url);
      assert.ok(shipped.has(mapPath), `${path} names ${mapPath}, which is not shipped`);
      const map = JSON.parse(await readFile(join(root, mapPath), 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      map.sources.forEach((source, i) => {
        assert.equal(
          typeof map.sourcesContent?.[i],
          'string',
          `${mapPath} points at ${source} without its text`,
        );
      });
    }
    for (const mapPath of files.filter((p) => p.endsWith('.map'))) {
      assert.ok(shipped.has(mapPath.slice(0, -'.map'.length)), `${mapPath} maps a file that is not shipped`);
    }
  });

  describe('the tarball passes publint and Are the Types Wrong', () => {
    let dir = '';
    let tarball = '';
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'spindle-pack-'));
      const { stdout } = await npm('pack', '--json', '--ignore-scripts', '--pack-destination', dir);
      tarball = join(dir, (JSON.parse(stdout) as PackResult[])[0]!.filename);
    });
    after(() => rm(dir, { recursive: true, force: true }));

    test('publint --strict: no error, warning or suggestion', async () => {
      const report = await bin('publint', 'run', tarball, '--strict');
      assert.match(report, /All good!/, report);
    });

    // attw loads TypeScript and checks each entry point: a minute or more on a busy machine
    test('attw: types resolve under node10, node16 (from ESM) and bundler', {
      timeout: 300_000,
    }, async () => {
      // ESM only: a require() of it needs Node's require(esm) (20.19+, 22.12+), which attw's
      // TypeScript does not model, so that one finding is not a problem here
      await bin('attw', tarball, '--ignore-rules', 'cjs-resolves-to-esm', '--format', 'ascii');
    });
  });
});
