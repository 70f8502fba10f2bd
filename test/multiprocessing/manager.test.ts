import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LockOwnerDeadError, NotHeldError, QueueEmpty } from '../../src/errors.ts';
import { ThreadPoolExecutor } from '../../src/futures/index.ts';
import { Manager } from '../../src/multiprocessing/manager/manager.ts';
import { consume, managedIncrements, produce } from '../fixtures/manager-tasks.ts';

describe('Manager', () => {
  it('a managed Lock makes 4 × 1,000 remote increments from threads exact', { timeout: 60_000 }, async () => {
    await using manager = await Manager();
    const lock = manager.Lock();
    const total = manager.Value('i', 0);
    await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
    const runs = [0, 1, 2, 3].map(() => pool.submit(managedIncrements, lock, total, 1_000));
    await Promise.all(runs.map((f) => f.result()));
    assert.equal(await total.get(), 4_000);
    assert.equal(await lock.locked(), false);
  });

  it('a managed Queue moves every item exactly once between workers', { timeout: 60_000 }, async () => {
    await using manager = await Manager();
    const queue = manager.Queue<number | null>(100);
    await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
    const consumers = [0, 1].map(() => pool.submit(consume, queue));
    const producers = [pool.submit(produce, queue, 0, 5_000), pool.submit(produce, queue, 5_000, 10_000)];
    await Promise.all(producers.map((f) => f.result()));
    await queue.put(null);
    await queue.put(null);
    const results = await Promise.all(consumers.map((f) => f.result()));
    assert.equal(results[0]!.count + results[1]!.count, 10_000);
    assert.equal(results[0]!.sum + results[1]!.sum, (9_999 * 10_000) / 2);
  });

  it('timeouts, non-blocking calls and errors keep their Python meaning', { timeout: 30_000 }, async () => {
    await using manager = await Manager();
    const queue = manager.Queue<number>(1);
    await assert.rejects(queue.get({ block: false }), QueueEmpty);
    await assert.rejects(queue.get({ timeout: 20 }), QueueEmpty);
    await queue.put(1);
    await assert.rejects(queue.put(2, { timeout: 20 }), { code: 'ERR_QUEUE_FULL' });
    const lock = manager.Lock();
    await assert.rejects(lock.release(), NotHeldError);
    assert.equal(await lock.acquire(), true);
    assert.equal(await lock.acquire({ timeout: 20 }), false);
    const event = manager.Event();
    assert.equal(await event.wait({ timeout: 10 }), false);
    await event.set();
    assert.equal(await event.wait(), true);
    const d = manager.dict<string, number>([['a', 1]]);
    await d.set('b', 2);
    assert.deepEqual(
      await d.toMap(),
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
    const l = manager.list([1, 2]);
    await l.append(3);
    assert.equal(await l.pop(-1), 3);
    await assert.rejects(l.get(5), RangeError);
  });

  it('an aborted get does not lose the item', { timeout: 30_000 }, async () => {
    await using manager = await Manager();
    const queue = manager.Queue<number>();
    const controller = new AbortController();
    const waiting = queue.get({ signal: controller.signal });
    controller.abort();
    await assert.rejects(waiting, { code: 'ERR_CANCELLED' });
    await queue.put(7);
    assert.equal(await queue.get(), 7);
  });

  it('proxies fail with ERR_MANAGER_GONE after shutdown, never hang', { timeout: 30_000 }, async () => {
    const manager = await Manager();
    const queue = manager.Queue<number>();
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const waiting = pool.submit(consume, queue);
    await queue.put(1);
    await manager.shutdown();
    await assert.rejects(waiting.result(), { code: 'ERR_MANAGER_GONE' });
    assert.throws(() => manager.Lock(), { code: 'ERR_MANAGER_GONE' });
  });

  it("the owning process's own pending calls fail with ERR_MANAGER_GONE at shutdown", {
    timeout: 30_000,
  }, async () => {
    const manager = await Manager();
    const queue = manager.Queue<number>();
    const lock = manager.Lock();
    assert.equal(await lock.acquire(), true);
    const event = manager.Event();
    const condition = manager.Condition();
    assert.equal(await condition.acquire(), true);
    const barrier = manager.Barrier(2);
    const pending = [queue.get(), lock.acquire(), event.wait(), condition.wait(), barrier.wait()];
    const outcomes = Promise.allSettled(pending);
    // Each call is waiting on the server before it goes away (a 0 ms wait would have answered).
    assert.equal(await event.wait({ timeout: 0 }), false);
    await manager.shutdown();
    for (const outcome of await outcomes) {
      assert.equal(outcome.status, 'rejected');
      assert.equal((outcome.reason as { code?: string }).code, 'ERR_MANAGER_GONE');
    }
    await assert.rejects(queue.get({ timeout: 10 }), { code: 'ERR_MANAGER_GONE' });
  });

  it('a lock held by a client that disconnects is owner-dead for the others', {
    timeout: 30_000,
  }, async () => {
    await using manager = await Manager();
    const lock = manager.Lock();
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    await pool.submit(async (l: { acquire(): Promise<boolean> }) => l.acquire(), lock).result();
    const waiting = assert.rejects(lock.acquire(), LockOwnerDeadError);
    await pool.shutdown();
    await waiting;
    assert.equal(await lock.markConsistent(), true);
    assert.equal(await lock.acquire({ blocking: false }), true);
  });
});
