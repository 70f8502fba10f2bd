import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { LifoQueue, PriorityQueue, Queue } from '../../src/asyncio/index.ts';
import { QueueEmpty, QueueFull, QueueShutDown, SpindleError, TimeoutError } from '../../src/errors.ts';
import { flush, isSettled, prng, randomPause, randomWaitOptions, safetyNet } from './helpers.ts';

describe('asyncio Queue', () => {
  test('FIFO, LIFO and priority order', () => {
    const fifo = new Queue<number>();
    const lifo = new LifoQueue<number>();
    const prio = new PriorityQueue<[number, string]>();
    for (const n of [3, 1, 2]) {
      fifo.putNowait(n);
      lifo.putNowait(n);
      prio.putNowait([n, `job${n}`]);
    }
    prio.putNowait([1, 'a']);
    const drain = <T>(q: Queue<T>) => Array.from({ length: q.qsize() }, () => q.getNowait());
    assert.deepEqual(drain(fifo), [3, 1, 2]);
    assert.deepEqual(drain(lifo), [2, 1, 3]);
    assert.deepEqual(drain(prio), [
      [1, 'a'],
      [1, 'job1'],
      [2, 'job2'],
      [3, 'job3'],
    ]);
  });

  test('PriorityQueue sorts any sequence like a sort would (randomized)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const rand = prng(seed);
      const q = new PriorityQueue<number>();
      const items = Array.from({ length: rand.int(60) }, () => rand.int(20));
      for (const n of items) q.putNowait(n);
      const out = Array.from({ length: q.qsize() }, () => q.getNowait());
      assert.deepEqual(
        out,
        [...items].sort((a, b) => a - b),
        `seed ${seed}`,
      );
    }
    assert.throws(() => new PriorityQueue<unknown>().putNowait({}), TypeError);
  });

  test('maxsize bounds it: putNowait throws QueueFull, put waits for room', safetyNet, async () => {
    const q = new Queue<string>(1);
    q.putNowait('a');
    assert.equal(q.full(), true);
    assert.throws(() => q.putNowait('b'), QueueFull);
    const put = q.put('b');
    assert.equal(await isSettled(put), false, 'put waits while full');
    assert.equal(await q.get(), 'a');
    await put;
    assert.equal(q.getNowait(), 'b', 'the waiting put moved into the freed room');
    assert.throws(() => q.getNowait(), QueueEmpty);
    await assert.rejects(q.get({ timeout: 5 }), TimeoutError);
    assert.throws(() => new Queue(-1), RangeError);
  });

  test('unfinishedTasks counts puts not yet marked done (read-only)', safetyNet, async () => {
    const q = new Queue<number>();
    assert.equal(q.unfinishedTasks, 0);
    q.putNowait(1);
    await q.put(2);
    assert.equal(q.unfinishedTasks, 2);
    await q.get();
    assert.equal(q.unfinishedTasks, 2, 'a get alone does not finish a task');
    q.taskDone();
    assert.equal(q.unfinishedTasks, 1);
    assert.throws(() => {
      (q as { unfinishedTasks: number }).unfinishedTasks = 0;
    }, TypeError);
  });

  test('taskDone and join', safetyNet, async () => {
    const q = new Queue<number>();
    await q.join({ timeout: 0 });
    q.putNowait(1);
    q.putNowait(2);
    const joined = q.join();
    await q.get();
    q.taskDone();
    assert.equal(await isSettled(joined), false, 'one item is still unfinished');
    await q.get();
    q.taskDone();
    await joined;
    assert.throws(
      () => q.taskDone(),
      (e: unknown) => e instanceof SpindleError && e.code === 'ERR_TASK_DONE_TOO_MANY',
    );
  });

  test(
    'shutdown: puts fail, gets drain then fail; immediate drops items and releases join',
    safetyNet,
    async () => {
      const q = new Queue<number>(1);
      q.putNowait(1);
      const blockedPut = q.put(2);
      q.shutdown();
      await assert.rejects(blockedPut, QueueShutDown);
      assert.throws(() => q.putNowait(3), QueueShutDown);
      assert.equal(await q.get(), 1, 'items left are still delivered');
      await assert.rejects(q.get(), QueueShutDown);

      const r = new Queue<number>();
      const blockedGet = r.get();
      await flush();
      r.shutdown();
      await assert.rejects(blockedGet, QueueShutDown);

      const s = new Queue<number>();
      s.putNowait(1);
      s.putNowait(2);
      const joined = s.join();
      s.shutdown({ immediate: true });
      await joined;
      assert.equal(s.qsize(), 0);
      assert.throws(() => s.getNowait(), QueueShutDown);
    },
  );

  test(
    'a storm of aborted and timed-out puts and gets never loses or duplicates an item',
    safetyNet,
    async () => {
      // fast-check draws the seeds (and replays a failing one); each seed drives one random storm.
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 0x7fffffff }), async (seed) => {
          const rand = prng(seed);
          const kinds = [
            () => new Queue<number>(1 + rand.int(3)),
            () => new LifoQueue<number>(1 + rand.int(3)),
          ];
          const q = rand.pick(kinds)();
          const put = new Set<number>();
          const got: number[] = [];
          const producers = Array.from({ length: 30 }, async (_, i) => {
            await randomPause(rand);
            await q.put(i, randomWaitOptions(rand)).then(
              () => put.add(i),
              () => undefined,
            );
          });
          const consumers = Array.from({ length: 30 }, async () => {
            await randomPause(rand);
            await q.get(randomWaitOptions(rand)).then(
              (item) => got.push(item),
              () => undefined,
            );
          });
          // A put or get that waits without a bound ends when the queue shuts down.
          const sweep = setTimeout(() => q.shutdown(), 30);
          await Promise.all([...producers, ...consumers]);
          clearTimeout(sweep);
          while (!q.empty()) got.push(q.getNowait());
          assert.equal(new Set(got).size, got.length, `seed ${seed}: an item was delivered twice`);
          assert.deepEqual(
            [...got].sort((a, b) => a - b),
            [...put].sort((a, b) => a - b),
            `seed ${seed}: the items got are exactly the items put`,
          );
          for (let i = 0; i < got.length; i++) q.taskDone();
          await q.join({ timeout: 0 });
        }),
        { numRuns: 30 },
      );
    },
  );
});
