import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CancelledError, InvalidStateError, SpindleError } from '../../src/index.ts';
import { Pool } from '../../src/multiprocessing/index.ts';
import { cube, slowIdentity } from '../fixtures/mp-tasks.ts';
import { pid } from '../fixtures/process-tasks.ts';
import { add, fail, square } from '../fixtures/tasks.ts';
import { bounded } from './helpers.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('multiprocessing.Pool', () => {
  test('apply, applyAsync, map, starmap', bounded, async () => {
    await using pool = new Pool(2);
    assert.equal(await pool.apply(add, [2, 3]), 5);
    const f = pool.applyAsync(square, [9]);
    assert.equal(await f, 81);
    assert.equal(f.done(), true);
    assert.deepEqual(await pool.map(square, [1, 2, 3, 4]), [1, 4, 9, 16]);
    assert.deepEqual(
      await pool.map(cube, range(100), 7),
      range(100).map((x) => x ** 3),
    );
    assert.deepEqual(
      await pool.starmap(add, [
        [1, 2],
        [3, 4],
      ]),
      [3, 7],
    );
  });

  test('imap is ordered and lazy; imapUnordered yields every result once', bounded, async () => {
    await using pool = new Pool(2);
    const ordered: number[] = [];
    for await (const y of pool.imap(square, range(10), 3)) ordered.push(y);
    assert.deepEqual(
      ordered,
      range(10).map((x) => x * x),
    );
    const unordered: number[] = [];
    for await (const y of pool.imapUnordered(slowIdentity, [200, 10, 50, 0, 30], 1)) unordered.push(y);
    assert.deepEqual(
      [...unordered].sort((a, b) => a - b),
      [0, 10, 30, 50, 200],
    );
    const chunked: number[] = [];
    for await (const y of pool.imapUnordered(square, range(20), 4)) chunked.push(y);
    assert.deepEqual(
      chunked.sort((a, b) => a - b),
      range(20)
        .map((x) => x * x)
        .sort((a, b) => a - b),
    );
  });

  test('an error in a task rejects map and imapUnordered', bounded, async () => {
    await using pool = new Pool(1);
    await assert.rejects(pool.map(fail, ['bad']), SpindleError);
    await assert.rejects(async () => {
      for await (const _ of pool.imapUnordered(fail, ['x', 'y'])) void _;
    }, /x|y/);
  });

  test('close() then join(); join() while running is an error; no submit after close', bounded, async () => {
    const pool = new Pool(2, { maxTasksPerChild: 2 });
    const pids = await pool.map(pid, range(8), 1);
    assert.ok(new Set(pids).size >= 4, `children were recycled after 2 tasks, got ${new Set(pids).size}`);
    assert.throws(() => pool.join(), InvalidStateError);
    pool.close();
    assert.throws(() => pool.applyAsync(square, [1]), InvalidStateError);
    await pool.join();
  });

  test('terminate() stops running work', bounded, async () => {
    const pool = new Pool(1);
    const running = pool.applyAsync(slowIdentity, [60_000]);
    for (let i = 0; i < 400 && !running.running(); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(running.running(), true, 'the task reached a child');
    await pool.terminate();
    await assert.rejects(running.result(), CancelledError);
  });

  test('initializer and initargs run in each child', bounded, async () => {
    await using pool = new Pool(1, {
      initializer: (v: number) => {
        (globalThis as { seed?: number }).seed = v;
      },
      initargs: [7],
    });
    assert.equal(await pool.apply(() => (globalThis as { seed?: number }).seed), 7);
  });
});
