import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runInExecutor, shutdownDefaultExecutor, toThread } from '../../src/asyncio/index.ts';
import { ThreadPoolExecutor } from '../../src/index.ts';
import { fail, isPrime, threadInfo } from '../fixtures/tasks.ts';

describe('toThread and runInExecutor', () => {
  test('toThread runs on a worker thread of the shared default pool', { timeout: 30_000 }, async () => {
    assert.equal(await toThread(isPrime, 97), true);
    const info = (await toThread(threadInfo)) as { isMainThread: boolean };
    assert.equal(info.isMainThread, false);
    await assert.rejects(toThread(fail, 'from a thread'), /from a thread/);
    await shutdownDefaultExecutor();
    assert.equal(await toThread(isPrime, 4), false, 'a new default pool is created after shutdown');
    await shutdownDefaultExecutor();
  });

  test('runInExecutor uses the given executor, or the default for null', { timeout: 30_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    assert.equal(await runInExecutor(pool, isPrime, 7), true);
    assert.equal(await runInExecutor(null, isPrime, 8), false);
    assert.throws(() => runInExecutor({} as never, isPrime, 1), TypeError);
    await shutdownDefaultExecutor();
  });

  test('a script that uses toThread and never shuts down still exits', { timeout: 30_000 }, async () => {
    const script = fileURLToPath(new URL('../fixtures/to-thread-exits.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      timeout: 20_000,
    });
    assert.equal(stdout, 'true\n');
  });
});
