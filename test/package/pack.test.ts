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
  unpackedSize: number;
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
        !['package.json', 'README.md', 'LICENSE'].includes(path) && !/^dist\/.+\.(js|d\.ts)$/.test(path),
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

  // scripts/build.mjs writes no source maps (its comment says why): none is shipped, and no file
  // names one, which would send a debugger or --enable-source-maps after a file that is not there
  test('ships no source map, and no script names one', async () => {
    assert.deepEqual(
      files.filter((path) => path.endsWith('.map')),
      [],
    );
    for (const path of files.filter((p) => p.endsWith('.js'))) {
      const code = await readFile(join(root, path), 'utf8');
      assert.doesNotMatch(code, /\/\/# sourceMappingURL=/, `${path} names a source map`);
    }
  });

  // npm 11 warns about (and with --strict-allow-scripts refuses) a tarball or git dependency's
  // preinstall, install, postinstall and prepare. `prepack` builds for `npm pack` and publish;
  // `postprepare` builds in the clone npm installs a git URL in (it runs `npm install` there,
  // which runs the root's postprepare; for a dependency npm would run only `prepare`).
  test('has no script npm runs or warns about when it installs the package', () => {
    const scripts = pkg.scripts as Record<string, string>;
    for (const name of ['preinstall', 'install', 'postinstall', 'prepare'])
      assert.equal(scripts[name], undefined, `scripts.${name}`);
    assert.equal(scripts.prepack, 'npm run build');
    assert.equal(scripts.postprepare, 'npm run build');
  });

  describe('the tarball: what it installs, its size, publint and Are the Types Wrong', () => {
    let dir = '';
    let tarball = '';
    let unpackedSize = 0;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'spindle-pack-'));
      const { stdout } = await npm('pack', '--json', '--ignore-scripts', '--pack-destination', dir);
      const [packed] = JSON.parse(stdout) as PackResult[];
      tarball = join(dir, packed!.filename);
      unpackedSize = packed!.unpackedSize;
    });
    after(() => rm(dir, { recursive: true, force: true }));

    // the goal for a pool user's install: at most 3 packages and 3 MB
    test('installs alone: no dependency, only the optional peers bullmq and ioredis', async () => {
      const { stdout } = await run('tar', ['-xOzf', tarball, 'package/package.json']);
      const packed = JSON.parse(stdout) as Record<string, Record<string, unknown> | undefined>;
      for (const field of [
        'dependencies',
        'optionalDependencies',
        'bundleDependencies',
        'bundledDependencies',
      ])
        assert.equal(packed[field], undefined, field);
      assert.deepEqual(Object.keys(packed.peerDependencies ?? {}).sort(), ['bullmq', 'ioredis']);
      assert.deepEqual(packed.peerDependenciesMeta, {
        bullmq: { optional: true },
        ioredis: { optional: true },
      });
    });

    test('unpacks to under 3 MB, even with every file rounded up to a 4 KiB disk block', () => {
      const limit = 3_000_000;
      assert.ok(unpackedSize < limit, `unpacked size ${unpackedSize} bytes`);
      const onDisk = files.length * 4096 + unpackedSize;
      assert.ok(
        onDisk < limit,
        `${files.length} files, ${unpackedSize} bytes: up to ${onDisk} bytes on disk`,
      );
    });

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
