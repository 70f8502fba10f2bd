/**
 * bullmq and ioredis are optional peer dependencies: in a project without them, every other
 * subpath imports and works, spindle/distributed imports, and the calls that need them fail with
 * MissingEngineError (or, in the CLI, one line) naming `npm i bullmq ioredis`. Runs the built
 * package (dist/) from a temporary project whose node_modules holds everything but those two.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const ROOT = new URL('../..', import.meta.url).pathname;
const PEERS = new Set(['bullmq', 'ioredis']);

function run(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          stdout,
          stderr,
        }),
    );
  });
}

describe('without bullmq and ioredis installed', { timeout: 120_000 }, () => {
  let project: string;

  before(() => {
    project = mkdtempSync(join(tmpdir(), 'spindle-no-engine-'));
    cpSync(join(ROOT, 'dist'), join(project, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(project, 'package.json'));
    mkdirSync(join(project, 'node_modules'));
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (PEERS.has(name) || name.startsWith('.')) continue;
      symlinkSync(join(ROOT, 'node_modules', name), join(project, 'node_modules', name));
    }
    // The state under test: neither package can be found from the project.
    const require = createRequire(join(project, 'dist', 'index.js'));
    for (const peer of PEERS) assert.throws(() => require.resolve(peer), { code: 'MODULE_NOT_FOUND' });
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  test('every subpath imports; the distributed calls throw MissingEngineError', async () => {
    const script = `
      import { ThreadPoolExecutor } from 'spindle';
      await import('spindle/futures'); await import('spindle/threading'); await import('spindle/queue');
      await import('spindle/multiprocessing'); await import('spindle/asyncio');
      console.log(typeof ThreadPoolExecutor);
      const { DistributedExecutor, runWorker, MissingEngineError } = await import('spindle/distributed');
      try { new DistributedExecutor({ connection: 'redis://127.0.0.1:1' }); } catch (e) { console.log(e instanceof MissingEngineError, e.code, e.message); }
      await runWorker({ connection: 'redis://127.0.0.1:1', tasks: [] }).catch((e) => console.log(e.code));
    `;
    const { code, stdout, stderr } = await run(project, ['--input-type=module', '-e', script]);
    assert.equal(code, 0, stderr);
    const [core, constructed, worker] = stdout.trim().split('\n');
    assert.equal(core, 'function');
    assert.match(constructed!, /^true ERR_MISSING_ENGINE .*npm i bullmq ioredis/);
    assert.equal(worker, 'ERR_MISSING_ENGINE');
  });

  test('`spindle worker` prints one line naming the npm i command and exits 1', async () => {
    const { code, stderr } = await run(project, [
      'dist/cli/main.js',
      'worker',
      '--connection',
      'redis://127.0.0.1:1',
      '--tasks',
      'dist/index.js',
    ]);
    assert.equal(code, 1, stderr);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, /npm i bullmq ioredis/);
  });
});
