import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueueShutDown } from '../../src/errors.ts';
import { ThreadPoolExecutor } from '../../src/futures/index.ts';
import { Queue } from '../../src/queue/index.ts';
import { blockedCall } from '../fixtures/queue-tasks.ts';

/** Waits until a worker has flagged that it is about to block. */
async function whenReady(flag: Int32Array): Promise<void> {
  while (Atomics.load(flag, 0) === 0) await sleep(1);
  await sleep(50); // let it reach the blocking call
}

describe('Queue.shutdown (Python 3.13 semantics)', () => {
  it('puts fail at once; gets drain what is left, then fail', { timeout: 10_000 }, async () => {
    const q = new Queue<number>();
    q.putNowait(1);
    q.putNowait(2);
    q.shutdown();
    assert.equal(q.isShutdown, true);
    assert.throws(() => q.putNowait(3), QueueShutDown);
    await assert.rejects(q.put(3), QueueShutDown);
    assert.equal(await q.get(), 1);
    assert.equal(q.getNowait(), 2);
    await assert.rejects(q.get(), QueueShutDown);
    assert.throws(() => q.getNowait(), QueueShutDown);
    // The two items are still unfinished until marked done.
    await assert.rejects(q.join({ timeout: 10 }), { name: 'TimeoutError' });
    q.taskDone();
    q.taskDone();
    await q.join();
  });

  it('immediate: discards the items, counts them done for join(), and gets fail at once', {
    timeout: 10_000,
  }, async () => {
    const q = new Queue<number>();
    for (let i = 0; i < 5; i++) q.putNowait(i);
    q.getNowait(); // taken, not yet done
    const joined = q.join();
    q.shutdown({ immediate: true });
    assert.equal(q.qsize(), 0);
    await assert.rejects(q.get(), QueueShutDown);
    q.taskDone(); // the one taken before
    await joined;
  });

  it('wakes blocked async getters and putters on the main thread', { timeout: 10_000 }, async () => {
    const empty = new Queue<number>();
    const full = new Queue<number>(1);
    full.putNowait(0);
    const getter = empty.get();
    const putter = full.put(1);
    await sleep(20);
    empty.shutdown();
    full.shutdown();
    await assert.rejects(getter, QueueShutDown);
    await assert.rejects(putter, QueueShutDown);
    assert.equal(full.getNowait(), 0, 'the item put before shutdown is still there');
  });

  it('wakes getSync and putSync blocked in worker threads', { timeout: 30_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2, prefetch: 1 });
    const empty = new Queue<number>();
    const full = new Queue<number>(1);
    full.putNowait(0);
    const flags = [new Int32Array(new SharedArrayBuffer(4)), new Int32Array(new SharedArrayBuffer(4))];
    const getter = pool.submit(blockedCall, empty, 'get', flags[0]!);
    const putter = pool.submit(blockedCall, full, 'put', flags[1]!, 1);
    await whenReady(flags[0]!);
    await whenReady(flags[1]!);
    empty.shutdown();
    full.shutdown({ immediate: true });
    assert.deepEqual(await getter.result(), { error: 'QueueShutDown' });
    assert.deepEqual(await putter.result(), { error: 'QueueShutDown' });
  });

  it('a worker blocked in getSync receives an item put from the main thread', {
    timeout: 30_000,
  }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1, prefetch: 1 });
    const q = new Queue<{ n: number }>();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const getter = pool.submit(blockedCall, q, 'get', flag);
    await whenReady(flag);
    await q.put({ n: 42 });
    assert.deepEqual(await getter.result(), { got: { n: 42 } });
  });
});
