import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CancelledError, QueueFull, SpindleError, ThreadPoolExecutor } from '../../src/index.ts';
import { CANCEL_SLICE } from '../../src/pool/shutdown.ts';
import { sleepFor, spin, square } from '../fixtures/tasks.ts';
import { gated, newGate, openGate } from './gate-tasks.ts';

describe('shutdown', () => {
  test('waits for queued and running work, then refuses new work with a coded SpindleError', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const futures = [pool.submit(sleepFor, 50), pool.submit(square, 3)];
    await pool.shutdown();
    assert.equal(
      futures.every((f) => f.done()),
      true,
    );
    assert.deepEqual(await Promise.all(futures), [50, 9]);
    assert.equal(pool.stats().workers, 0);
    assert.throws(
      () => pool.submit(square, 1),
      (e: unknown) => e instanceof SpindleError && e.code === 'ERR_EXECUTOR_SHUTDOWN',
    );
    await pool.shutdown(); // idempotent
  });

  test('cancelFutures cancels what has not started', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const running = pool.submit(sleepFor, 100);
    const queued = [pool.submit(square, 1), pool.submit(square, 2)];
    while (!running.running()) await new Promise((r) => setTimeout(r, 5));
    await pool.shutdown({ cancelFutures: true });
    assert.equal(await running, 100);
    assert.ok(
      queued.every((f) => f.cancelled()),
      'queued.every((f) => f.cancelled())',
    );
  });

  test('cancelFutures on a long queue cancels it a slice at a time: the event loop turns meanwhile', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const gate = newGate();
    const running = pool.submit(gated, gate, 'ran');
    const queued = Array.from({ length: CANCEL_SLICE * 8 }, (_, i) => pool.submit(square, i));
    while (!running.running()) await new Promise((r) => setTimeout(r, 5));
    const last = queued.at(-1)!;
    const closed = pool.shutdown({ cancelFutures: true });
    // Turns of the event loop seen while the queue was partly cancelled: the first slice is done.
    let turnsBetweenSlices = 0;
    assert.equal(queued[0]!.cancelled(), true);
    while (!last.cancelled()) {
      await new Promise((r) => setImmediate(r));
      turnsBetweenSlices++;
    }
    assert.ok(turnsBetweenSlices >= 2, `the loop turned ${turnsBetweenSlices} times during the cancel`);
    openGate(gate);
    await closed;
    assert.equal(await running, 'ran');
    assert.equal(queued.filter((f) => !f.cancelled()).length, 0);
  });

  test('cancelFutures with wait: false resolves once everything not started is cancelled', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const gate = newGate();
    const running = pool.submit(gated, gate, 'ran');
    const queued = Array.from({ length: CANCEL_SLICE * 3 }, (_, i) => pool.submit(square, i));
    while (!running.running()) await new Promise((r) => setTimeout(r, 5));
    await pool.shutdown({ cancelFutures: true, wait: false });
    assert.equal(queued.filter((f) => !f.cancelled()).length, 0);
    assert.equal(running.done(), false);
    openGate(gate);
    assert.equal(await running, 'ran');
  });

  test('wait: false returns at once; work still completes', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const f = pool.submit(sleepFor, 50, 'late');
    await pool.shutdown({ wait: false });
    assert.equal(f.done(), false);
    assert.equal(await f, 'late');
  });

  test('timeout bounds the shutdown of a stuck task', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1, cancelGrace: 10 });
    const stuck = pool.submit(spin, 60_000);
    while (!stuck.running()) await new Promise((r) => setTimeout(r, 5));
    await pool.shutdown({ timeout: 100 });
    await assert.rejects(stuck.result(), CancelledError);
    assert.equal(pool.stats().workers, 0);
  });

  test('await using shuts the pool down at the end of the block', async () => {
    let escaped: ThreadPoolExecutor | undefined;
    {
      await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
      escaped = pool;
      assert.equal(await pool.submit(square, 4), 16);
    }
    assert.equal(escaped.stats().workers, 0);
    assert.throws(() => escaped.submit(square, 1), SpindleError);
  });

  test('a script that forgets shutdown() exits by itself', async () => {
    const script = fileURLToPath(new URL('../fixtures/forgets-shutdown.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(killer);
    assert.equal(code, 0, 'the child exited on its own (not killed)');
    assert.match(out, /primes below 100: 25; square: 144/);
  });
});

describe('limits and introspection', () => {
  test('maxQueue bounds waiting tasks: submit throws QueueFull, map applies back-pressure', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1, maxQueue: 2 });
    const running = pool.submit(sleepFor, 100);
    while (!running.running()) await new Promise((r) => setTimeout(r, 5));
    const queued = [pool.submit(square, 1), pool.submit(square, 2)];
    assert.throws(
      () => pool.submit(square, 3),
      (e: unknown) => e instanceof QueueFull && e.code === 'ERR_QUEUE_FULL',
    );
    await Promise.all([running, ...queued]);
    const squares = await pool
      .map(
        square,
        Array.from({ length: 50 }, (_, i) => i),
        { bufferSize: 8 },
      )
      .toArray();
    assert.equal(squares.length, 50);
    assert.equal(squares[49], 49 * 49);
  });

  test('idle workers are retired after idleTimeout', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2, idleTimeout: 50 });
    await Promise.all([pool.submit(sleepFor, 20), pool.submit(sleepFor, 20)]);
    assert.ok(pool.stats().workers >= 1, 'workers started');
    // bounded by the test timeout: workers that never retire fail the test
    while (pool.stats().workers > 0) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await pool.submit(square, 5), 25, 'workers start again on demand');
  });

  test('stats() counts and summarises', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    await Promise.all([1, 2, 3, 4].map((n) => pool.submit(square, n)));
    await pool.submit(sleepFor, 1).catch(() => undefined);
    const stats = pool.stats();
    assert.equal(stats.completed, 5);
    assert.equal(stats.failed, 0);
    assert.equal(stats.queued, 0);
    assert.equal(stats.busy, 0);
    assert.equal(stats.runTime.count, 5);
    assert.ok(
      stats.runTime.p50 <= stats.runTime.p99 && stats.runTime.p99 <= stats.runTime.max,
      'stats.runTime.p50 <= stats.runTime.p99 && stats.runTime.p99 <= stats.runTime.max',
    );
  });

  test('bad constructor options are rejected', () => {
    assert.throws(() => new ThreadPoolExecutor({ maxWorkers: 0 }), RangeError);
    assert.throws(() => new ThreadPoolExecutor({ maxWorkers: 1.5 }), RangeError);
    assert.throws(() => new ThreadPoolExecutor({ maxQueue: -1 }), RangeError);
    assert.throws(() => new ThreadPoolExecutor({ idleTimeout: -5 }), RangeError);
    assert.throws(() => new ThreadPoolExecutor({ initargs: 'x' as never }), TypeError);
    assert.throws(() => new ThreadPoolExecutor({ initializer: 42 as never }), TypeError);
  });
});
