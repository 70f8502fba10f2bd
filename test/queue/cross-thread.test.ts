import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ThreadPoolExecutor } from '../../src/futures/index.ts';
import { LifoQueue, PriorityQueue, Queue, SimpleQueue } from '../../src/queue/index.ts';
import {
  consumeMarking,
  consumeMarkingAsync,
  joinInWorker,
  produceRange,
  queueIdentity,
  takeAndFinish,
} from '../fixtures/queue-tasks.ts';

/** Asserts every number below `n` was seen exactly once. */
function assertExactlyOnce(seen: Uint8Array, n: number): void {
  let missing = 0;
  let duplicated = 0;
  for (let i = 0; i < n; i++) {
    if (seen[i] === 0) missing++;
    else if (seen[i]! > 1) duplicated++;
  }
  assert.equal(missing, 0, `${missing} items lost`);
  assert.equal(duplicated, 0, `${duplicated} items received more than once`);
}

describe('Queue across worker threads', () => {
  it('1,000,000 items from 2 producers to 2 consumers: none lost, none duplicated', {
    timeout: 120_000,
  }, async () => {
    const N = 1_000_000;
    await using pool = new ThreadPoolExecutor({ maxWorkers: 4, prefetch: 1 });
    // A small ring (64 KiB) so that producers often wait for room and the ring wraps many times.
    const q = new Queue<number | null>(0, { capacityBytes: 64 * 1024 });
    const seen = new Uint8Array(new SharedArrayBuffer(N));
    const consumers = [pool.submit(consumeMarking, q, seen), pool.submit(consumeMarking, q, seen)];
    const producers = [pool.submit(produceRange, q, 0, N / 2), pool.submit(produceRange, q, N / 2, N / 2)];
    for (const p of producers) assert.equal(await p.result(), N / 2);
    await q.put(null);
    await q.put(null);
    const taken = (await Promise.all(consumers.map((c) => c.result()))).reduce((a, b) => a + b, 0);
    assert.equal(taken, N);
    assertExactlyOnce(seen, N);
    await q.join({ timeout: 10_000 });
    assert.equal(q.qsize(), 0);
  });

  it('the main thread produces with async put into a bounded queue; workers consume', {
    timeout: 60_000,
  }, async () => {
    const N = 50_000;
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2, prefetch: 1 });
    const q = new Queue<number | null>(100);
    const seen = new Uint8Array(new SharedArrayBuffer(N));
    const consumers = [pool.submit(consumeMarking, q, seen), pool.submit(consumeMarkingAsync, q, seen)];
    for (let i = 0; i < N; i++) await q.put(i);
    await q.put(null);
    await q.put(null);
    const taken = (await Promise.all(consumers.map((c) => c.result()))).reduce((a, b) => a + b, 0);
    assert.equal(taken, N);
    assertExactlyOnce(seen, N);
  });

  it('join() on the main thread and joinSync() in a worker wait for taskDone() in other threads', {
    timeout: 30_000,
  }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 3, prefetch: 1 });
    const q = new Queue<string>();
    for (let i = 0; i < 20; i++) await q.put(`item-${i}`);
    const joiner = pool.submit(joinInWorker, q);
    const a = pool.submit(takeAndFinish, q, 10);
    const b = pool.submit(takeAndFinish, q, 10);
    await q.join({ timeout: 20_000 });
    assert.equal(await joiner.result(), 'joined');
    const all = [...(await a.result()), ...(await b.result())] as string[];
    assert.deepEqual(all.sort(), Array.from({ length: 20 }, (_, i) => `item-${i}`).sort());
  });

  it('unfinishedTasks counts puts not yet marked done, whichever thread marks them', {
    timeout: 30_000,
  }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1, prefetch: 1 });
    const q = new Queue<string>();
    assert.equal(q.unfinishedTasks, 0);
    for (let i = 0; i < 5; i++) q.putNowait(`item-${i}`);
    assert.equal(q.unfinishedTasks, 5);
    assert.equal(q.getNowait(), 'item-0');
    assert.equal(q.unfinishedTasks, 5, 'a get alone does not finish a task');
    q.taskDone();
    assert.equal(q.unfinishedTasks, 4);
    await pool.submit(takeAndFinish, q, 3).result();
    assert.equal(q.unfinishedTasks, 1, "the worker's taskDone() calls are seen here");
    assert.throws(() => {
      (q as { unfinishedTasks: number }).unfinishedTasks = 0;
    }, TypeError);
  });

  it('arrives in a worker as the same queue, of the same class', { timeout: 30_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1, prefetch: 1 });
    for (const q of [new Queue(), new LifoQueue(), new PriorityQueue(), new SimpleQueue()]) {
      const got = await pool.submit(queueIdentity, q, q).result();
      assert.deepEqual(got, { same: true, kind: q.constructor.name });
    }
  });
});
