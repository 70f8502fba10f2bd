import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProcessPoolExecutor, ThreadPoolExecutor } from '../../src/futures/index.ts';
import { Manager } from '../../src/multiprocessing/index.ts';
import { consumeSync, managedIncrementsSync, produce } from '../fixtures/manager-tasks.ts';

describe('Manager proxies, blocking forms', () => {
  it('holdSync/getSync/setSync in 2 processes and 2 threads: exact counts', {
    timeout: 180_000,
  }, async () => {
    await using manager = await Manager();
    const lock = manager.Lock();
    const total = manager.Value('i', 0);
    await using processes = new ProcessPoolExecutor({ maxWorkers: 2 });
    await using threads = new ThreadPoolExecutor({ maxWorkers: 2, prefetch: 1 });
    const runs = [
      ...[0, 1].map(() => processes.submit(managedIncrementsSync, lock, total, 1_000)),
      ...[0, 1].map(() => threads.submit(managedIncrementsSync, lock, total, 1_000)),
    ];
    await Promise.all(runs.map((f) => f.result()));
    assert.equal(await total.get(), 4_000);
  });

  it('getSync in a process receives every item a producer puts', { timeout: 180_000 }, async () => {
    await using manager = await Manager();
    const queue = manager.Queue<number | null>(50);
    await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
    const consumer = pool.submit(consumeSync, queue);
    await pool.submit(produce, queue, 0, 5_000).result();
    await queue.put(null);
    assert.deepEqual(await consumer.result(), { sum: (4_999 * 5_000) / 2, count: 5_000 });
  });

  it('timeouts keep their meaning; the main thread may not block', { timeout: 60_000 }, async () => {
    await using manager = await Manager();
    const queue = manager.Queue<number>();
    assert.throws(() => queue.getSync(), { code: 'ERR_SYNC_ON_MAIN_THREAD' });
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const outcome = await pool
      .submit((q: { getSync(o: { timeout: number }): number }) => {
        try {
          return q.getSync({ timeout: 50 });
        } catch (error) {
          return (error as { code: string }).code;
        }
      }, queue)
      .result();
    assert.equal(outcome, 'ERR_QUEUE_EMPTY');
  });

  it('a blocking call fails with ERR_MANAGER_GONE when the manager shuts down', {
    timeout: 60_000,
  }, async () => {
    const manager = await Manager();
    const queue = manager.Queue<number | null>();
    await using pool = new ProcessPoolExecutor({ maxWorkers: 1 });
    const consumer = pool.submit(consumeSync, queue);
    await queue.put(1);
    // Let the consumer take the item and block again before the manager goes.
    while ((await queue.qsize()) > 0) await new Promise((r) => setTimeout(r, 20));
    await manager.shutdown();
    await assert.rejects(consumer.result(), { code: 'ERR_MANAGER_GONE' });
  });
});
