import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProcessPoolExecutor } from '../../src/futures/index.ts';
import { Manager } from '../../src/multiprocessing/index.ts';
import { Lock } from '../../src/threading/index.ts';
import { consume, managedIncrements, produce } from '../fixtures/manager-tasks.ts';

describe('Manager across processes', () => {
  it('a managed Lock makes 4 processes × 10,000 read-modify-write increments exact', {
    timeout: 300_000,
  }, async () => {
    await using manager = await Manager();
    const lock = manager.Lock();
    const total = manager.Value('i', 0);
    await using pool = new ProcessPoolExecutor({ maxWorkers: 4 });
    const runs = [0, 1, 2, 3].map(() => pool.submit(managedIncrements, lock, total, 10_000));
    assert.deepEqual(await Promise.all(runs.map((f) => f.result())), [10_000, 10_000, 10_000, 10_000]);
    assert.equal(await total.get(), 40_000);
  });

  it('a managed Queue moves 100,000 items between processes, none lost or duplicated', {
    timeout: 300_000,
  }, async () => {
    await using manager = await Manager();
    const queue = manager.Queue<number | null>(1_000);
    await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
    const consumer = pool.submit(consume, queue);
    const producer = pool.submit(produce, queue, 0, 100_000);
    assert.equal(await producer.result(), 100_000);
    await queue.put(null);
    const { sum, count } = await consumer.result();
    assert.equal(count, 100_000);
    assert.equal(sum, (99_999 * 100_000) / 2, 'every item exactly once');
  });

  it('a thread Lock passed to a process is refused and points to Manager', { timeout: 30_000 }, async () => {
    await using pool = new ProcessPoolExecutor({ maxWorkers: 1 });
    assert.throws(() => pool.submit(managedIncrements, new Lock() as never, 0 as never, 1), /Manager/);
  });
});
