import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BrokenExecutorError, ProcessPoolExecutor, WorkerCrashedError } from '../../src/index.ts';
import { pid, recordAndFailInit, recordRunOrKill } from '../fixtures/process-tasks.ts';
import { exhaustMemory, exitWorker, square, throwLater } from '../fixtures/tasks.ts';
import { bounded, readRuns, tally, tempFile } from './helpers.ts';

describe('ProcessPoolExecutor: a dying child fails only the task it was running', () => {
  test('SIGKILL mid-task: that future fails, every other task completes exactly once', bounded, async (t) => {
    const file = tempFile(t);
    await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
    const futures = Array.from({ length: 20 }, (_, i) => pool.submit(recordRunOrKill, file, i, 7));
    const outcomes = await Promise.allSettled(futures);
    for (const [i, outcome] of outcomes.entries()) {
      if (i === 7) {
        assert.equal(outcome.status, 'rejected', 'the killed task fails');
        const error = (outcome as PromiseRejectedResult).reason;
        assert.ok(error instanceof WorkerCrashedError, String(error));
        assert.equal(error.signal, 'SIGKILL');
      } else {
        assert.deepEqual(outcome, { status: 'fulfilled', value: i });
      }
    }
    const counts = tally(readRuns(file));
    for (let i = 0; i < 20; i++) assert.equal(counts.get(i), 1, `task ${i} ran exactly once`);
    assert.equal(pool.stats().failed, 1);
  });

  test('process.exit() in a task: exit code attached, a new child runs the queue', bounded, async () => {
    await using pool = new ProcessPoolExecutor({ maxWorkers: 1 });
    const first = await pool.submit(pid);
    const f = pool.submit(exitWorker, 7);
    const queued = [pool.submit(square, 2), pool.submit(square, 3)];
    const error = await f.exception();
    assert.ok(error instanceof WorkerCrashedError, String(error));
    assert.equal(error.exitCode, 7);
    assert.deepEqual(await Promise.all(queued), [4, 9]);
    assert.notEqual(await pool.submit(pid), first);
  });

  test('running out of memory under maxOldSpaceSizeMb', bounded, async () => {
    await using pool = new ProcessPoolExecutor({ maxWorkers: 1, maxOldSpaceSizeMb: 32 });
    const error = await pool.submit(exhaustMemory).exception();
    assert.ok(error instanceof WorkerCrashedError, String(error));
    assert.ok(error.signal !== null || error.exitCode !== 0, `died abnormally: ${error.message}`);
    assert.equal(await pool.submit(square, 6), 36);
  });

  test('an uncaught error in async code: its message is the cause', bounded, async () => {
    await using pool = new ProcessPoolExecutor({ maxWorkers: 1 });
    const error = await pool.submit(throwLater).exception();
    assert.ok(error instanceof WorkerCrashedError, String(error));
    assert.match(String((error.cause as Error | undefined)?.message), /uncaught in a timer/);
    assert.equal(await pool.submit(square, 5), 25);
  });
});

describe('ProcessPoolExecutor: initializer', () => {
  test('an initializer that throws breaks the executor, with no respawn storm', bounded, async (t) => {
    const file = tempFile(t);
    const pool = new ProcessPoolExecutor({ maxWorkers: 2, initializer: recordAndFailInit, initargs: [file] });
    const pending = Array.from({ length: 6 }, (_, i) => pool.submit(square, i));
    for (const f of pending) {
      const error = await f.exception();
      assert.ok(error instanceof BrokenExecutorError, String(error));
      assert.match(String((error.cause as Error).message), /initializer exploded/);
    }
    assert.throws(() => pool.submit(square, 4), BrokenExecutorError);
    await pool.shutdown();
    const attempts = readRuns(file).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(readRuns(file).length, attempts, 'no child started after the pool broke');
    assert.ok(attempts <= 2, `at most one start per worker slot, got ${attempts}`);
    assert.equal(pool.stats().workers, 0);
  });

  test('the initializer runs once in each child before its tasks', bounded, async () => {
    await using pool = new ProcessPoolExecutor({
      maxWorkers: 1,
      initializer: (v: number) => {
        (globalThis as { initValue?: number }).initValue = v * 2;
      },
      initargs: [21],
    });
    assert.equal(await pool.submit(() => (globalThis as { initValue?: number }).initValue), 42);
  });
});
