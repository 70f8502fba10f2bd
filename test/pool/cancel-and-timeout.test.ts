import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CancelledError, ThreadPoolExecutor, TimeoutError } from '../../src/index.ts';
import { sleepFor, spin, square, threadInfo } from '../fixtures/tasks.ts';

describe('cancellation', () => {
  test('cancel() removes a queued task; a running one cannot be cancelled (Python rule)', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const running = pool.submit(sleepFor, 200);
    const queued = pool.submit(square, 3);
    await threadStarted(running);
    assert.equal(running.cancel(), false);
    assert.equal(queued.cancel(), true);
    assert.equal(queued.cancelled(), true);
    await assert.rejects(queued.result(), CancelledError);
    assert.equal(await running, 200);
    assert.equal(pool.stats().completed, 1);
    assert.equal(pool.stats().cancelled, 1);
  });

  test('aborting the signal of a queued task cancels it without running it', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const controller = new AbortController();
    const first = pool.submit(sleepFor, 100);
    const queued = pool.submitWith({ signal: controller.signal }, square, 4);
    controller.abort();
    assert.equal(queued.cancelled(), true);
    await first;
    assert.equal(pool.stats().completed, 1);
  });

  test('an already-aborted signal cancels at submit', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const f = pool.submitWith({ signal: AbortSignal.abort() }, square, 2);
    assert.equal(f.cancelled(), true);
  });

  test('aborting a running task aborts its signal inside the worker; the worker is kept', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const before = await pool.submit(threadInfo);
    const controller = new AbortController();
    const f = pool.submitWith({ signal: controller.signal }, sleepFor, 10_000);
    await threadStarted(f);
    controller.abort();
    await assert.rejects(f.result(), CancelledError);
    // the task saw its signal and ended; the same worker takes the next task
    assert.equal((await pool.submit(threadInfo)).threadId, before.threadId);
  });

  test('a running task that ignores its signal is terminated after the grace period and replaced', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1, cancelGrace: 50 });
    const before = await pool.submit(threadInfo);
    const controller = new AbortController();
    const f = pool.submitWith({ signal: controller.signal }, spin, 60_000);
    const next = pool.submit(threadInfo);
    await threadStarted(f);
    controller.abort(new CancelledError('user gave up'));
    await assert.rejects(f.result(), /user gave up/);
    const after = await next;
    assert.notEqual(after.threadId, before.threadId);
  });
});

describe('timeouts', () => {
  test('timeout counts from the start, not from queueing', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    await pool.submit(square, 1); // warm worker
    // The second task waits ~300 ms in the queue, longer than its own 250 ms timeout,
    // then runs for ~20 ms: it must succeed.
    const first = pool.submit(sleepFor, 300);
    const second = pool.submitWith({ timeout: 250 }, sleepFor, 20);
    assert.equal(await first, 300);
    assert.equal(await second, 20);
  });

  test('a task running past its timeout rejects with TimeoutError and a spinning worker is replaced', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1, cancelGrace: 50 });
    const f = pool.submitWith({ timeout: 100 }, spin, 60_000);
    const error = await f.exception();
    assert.ok(error instanceof TimeoutError, 'error instanceof TimeoutError');
    assert.equal(error.code, 'ERR_TIMEOUT');
    assert.equal(await pool.submit(square, 9), 81);
    assert.equal(pool.stats().failed, 1);
  });

  test('bad per-call options are rejected at the call', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    assert.throws(() => pool.submitWith({ timeout: -1 }, square, 1), RangeError);
    assert.throws(() => pool.submitWith({ timeout: '1' as never }, square, 1), TypeError);
    assert.throws(() => pool.submitWith({ signal: {} as never }, square, 1), TypeError);
    assert.throws(() => pool.submitWith({ retries: 1 } as never, square, 1), /unknown submitWith option/);
  });
});

/** Resolves once the future has been handed to a worker. */
async function threadStarted(f: { running(): boolean; done(): boolean }): Promise<void> {
  while (!f.running() && !f.done()) await new Promise((r) => setTimeout(r, 5));
}
