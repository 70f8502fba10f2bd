/**
 * The worker's idle sleep and the shared-memory transport, seen from the pool: a lone call finds
 * its worker asleep in Atomics.wait and is served; work a task leaves running (a timer, an
 * unref'd timer, a socket) still completes while the worker has nothing else to do; and cancel,
 * timeout and crash in the middle of a burst of plain-value calls (which travel through the
 * shared-memory ring, not the port) lose nothing and run nothing twice, counted in shared memory.
 */
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CancelledError, ThreadPoolExecutor, TimeoutError, WorkerCrashedError } from '../../src/index.ts';
import {
  adoptRuns,
  awaitRead,
  countAndSpin,
  countPlain,
  leaveSocket,
  leaveTimer,
  sleepCounts,
} from '../fixtures/idle-tasks.ts';
import { square } from '../fixtures/tasks.ts';

const sharedInts = (n: number) => new Int32Array(new SharedArrayBuffer(4 * n));

/**
 * Resolves once flag[0] is no longer 0 (a hang guard of 20 s, not a timing). The timer keeps this
 * process alive meanwhile: a wait on shared memory does not, and the idle pool does not either.
 */
async function raised(flag: Int32Array): Promise<number> {
  const alive = setTimeout(() => {}, 20_000);
  const waiting = Atomics.waitAsync(flag, 0, 0, 20_000);
  if (waiting.async) await waiting.value;
  clearTimeout(alive);
  return Atomics.load(flag, 0);
}

describe('idle workers sleep on their calls channel without freezing their event loop', () => {
  test('lone calls, one at a time, find the worker asleep and are served', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    for (let i = 0; i < 300; i++) assert.equal(await pool.submit(square, i), i * i);
    const counts = await pool.submit(sleepCounts);
    assert.ok(counts.woken > 0, `a call woke the sleeping worker (${JSON.stringify(counts)})`);
  });

  test('a timer a task leaves running fires while the worker has nothing else to do', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    for (const unref of [false, true]) {
      const flag = sharedInts(1);
      assert.equal(await pool.submit(leaveTimer, flag, 150, unref), 'returned');
      assert.equal(await raised(flag), 1, `the ${unref ? "unref'd " : ''}timer fired`);
    }
  });

  test('a socket a task leaves open is served while the worker has nothing else to do', async () => {
    const server = createServer((socket) => {
      setTimeout(() => socket.end('hello'), 150);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
      const flag = sharedInts(1);
      const { port } = server.address() as { port: number };
      assert.equal(await pool.submit(leaveSocket, flag, port), 'returned');
      assert.equal(await raised(flag), 5, 'the reply arrived');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a task awaiting I/O completes, and calls after it still find the worker', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const path = fileURLToPath(import.meta.url);
    assert.equal(await pool.submit(awaitRead, path), (await stat(path)).size);
    assert.equal(await pool.submit(square, 9), 81);
  });
});

describe('cancel, timeout and crash in a burst of plain-value calls: nothing lost, nothing run twice', () => {
  const poolWith = (runs: Int32Array) =>
    new ThreadPoolExecutor({ maxWorkers: 1, prefetch: 64, initializer: adoptRuns, initargs: [runs] });

  test('a crash in the middle: the calls before it complete, the rest run on a new worker', async () => {
    const runs = sharedInts(40);
    await using pool = poolWith(runs);
    await pool.submit(square, 1); // worker up, so the whole burst lands in one batch
    const futures = Array.from({ length: 40 }, (_, i) => pool.submit(countPlain, i, 17));
    const outcomes = await Promise.allSettled(futures);
    outcomes.forEach((outcome, i) => {
      if (i === 17) assert.ok((outcome as PromiseRejectedResult).reason instanceof WorkerCrashedError);
      else assert.deepEqual(outcome, { status: 'fulfilled', value: i });
    });
    assert.deepEqual([...runs], Array(40).fill(1), 'every call ran exactly once');
  });

  test('cancels in the middle: those calls never run, the others run once', async () => {
    const runs = sharedInts(31);
    await using pool = poolWith(runs);
    await pool.submit(square, 1);
    const blocker = pool.submit(countAndSpin, 0, 200);
    const futures = Array.from({ length: 30 }, (_, i) => pool.submit(countPlain, i + 1, -1));
    const cancelled = [3, 11, 29].map((i) => futures[i]!.cancel());
    assert.deepEqual(cancelled, [true, true, true]);
    assert.equal(await blocker, 0);
    const outcomes = await Promise.allSettled(futures);
    outcomes.forEach((outcome, i) => {
      if ([3, 11, 29].includes(i))
        assert.ok((outcome as PromiseRejectedResult).reason instanceof CancelledError);
      else assert.deepEqual(outcome, { status: 'fulfilled', value: i + 1 });
    });
    const expected = Array.from({ length: 31 }, (_, i) => ([4, 12, 30].includes(i) ? 0 : 1));
    assert.deepEqual([...runs], expected, 'cancelled calls never ran; the others ran once');
  });

  test('a timeout in the middle: the running call times out, the calls behind it run once elsewhere', async () => {
    const runs = sharedInts(20);
    await using pool = poolWith(runs);
    await pool.submit(square, 1);
    const before = Array.from({ length: 5 }, (_, i) => pool.submit(countPlain, i, -1));
    const slow = pool.submitWith({ timeout: 50 }, countAndSpin, 5, 1_000);
    const after = Array.from({ length: 14 }, (_, i) => pool.submit(countPlain, i + 6, -1));
    assert.deepEqual(await Promise.all(before), [0, 1, 2, 3, 4]);
    await assert.rejects(slow.result(), TimeoutError);
    assert.deepEqual(
      await Promise.all(after),
      Array.from({ length: 14 }, (_, i) => i + 6),
    );
    assert.deepEqual([...runs], Array(20).fill(1), 'every call ran exactly once');
  });
});
