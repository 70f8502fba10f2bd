import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BrokenExecutorError, ThreadPoolExecutor, WorkerCrashedError } from '../../src/index.ts';
import {
  exhaustMemory,
  exitWorker,
  failingInit,
  readGlobal,
  setGlobal,
  sleepFor,
  square,
  threadInfo,
  throwLater,
} from '../fixtures/tasks.ts';

describe('worker crashes fail only the task they were running', () => {
  test('an uncaught error in async code inside the task', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    const bystander = pool.submit(sleepFor, 300, 'survived');
    const f = pool.submit(throwLater);
    const error = await f.exception();
    assert.ok(error instanceof WorkerCrashedError, String(error));
    assert.equal(error.code, 'ERR_WORKER_CRASHED');
    assert.match(String((error.cause as Error).message), /uncaught in a timer/);
    assert.equal(await bystander, 'survived');
    assert.equal(await pool.submit(square, 5), 25);
  });

  test('process.exit() inside the task: exit code attached, replacement worker runs the queue', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const first = await pool.submit(threadInfo);
    const f = pool.submit(exitWorker, 7);
    const queued = [pool.submit(square, 2), pool.submit(square, 3)];
    const error = await f.exception();
    assert.ok(error instanceof WorkerCrashedError, 'error instanceof WorkerCrashedError');
    assert.equal(error.exitCode, 7);
    assert.deepEqual(await Promise.all(queued), [4, 9]);
    assert.notEqual((await pool.submit(threadInfo)).threadId, first.threadId);
  });

  test('running out of memory under resourceLimits', async () => {
    await using pool = new ThreadPoolExecutor({
      maxWorkers: 1,
      resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 },
    });
    const error = await pool.submit(exhaustMemory).exception();
    assert.ok(error instanceof WorkerCrashedError, String(error));
    assert.match(error.message, /out of memory/);
    assert.equal(await pool.submit(square, 6), 36);
  });
});

describe('initializer', () => {
  test('runs once per worker before its first task', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2, initializer: setGlobal, initargs: [41] });
    assert.deepEqual(await Promise.all([pool.submit(readGlobal), pool.submit(readGlobal)]), [41, 41]);
  });

  test('an initializer that throws breaks the executor: no respawn loop', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 2, initializer: failingInit });
    const pending = [pool.submit(square, 1), pool.submit(square, 2), pool.submit(square, 3)];
    for (const f of pending) {
      const error = await f.exception();
      assert.ok(error instanceof BrokenExecutorError, String(error));
      assert.match(String((error.cause as Error).message), /initializer exploded/);
    }
    assert.throws(() => pool.submit(square, 4), BrokenExecutorError);
    await pool.shutdown();
    assert.equal(pool.stats().workers, 0);
  });

  test('an inline initializer works too', async () => {
    await using pool = new ThreadPoolExecutor({
      maxWorkers: 1,
      initializer: (v: number) => {
        (globalThis as { initValue?: number }).initValue = v * 2;
      },
      initargs: [21],
    });
    assert.equal(await pool.submit(readGlobal), 42);
  });
});
