import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ThreadPoolExecutor } from '../../src/futures/index.ts';
import { Event } from '../../src/threading/index.ts';
import { eventFlicker, eventWaiter } from '../fixtures/threading-primitives-tasks.ts';

async function untilAtLeast(word: Int32Array, index: number, n: number): Promise<void> {
  for (let seen = Atomics.load(word, index); seen < n; seen = Atomics.load(word, index)) {
    await Atomics.waitAsync(word, index, seen, 100).value;
  }
}

describe('Event', () => {
  it('set wakes every waiter, in workers and on the main thread', { timeout: 30_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 3 });
    const event = new Event();
    const started = new Int32Array(new SharedArrayBuffer(4));
    const workers = Array.from({ length: 3 }, () =>
      pool.submit(eventWaiter, event, started, 20_000).result(),
    );
    const here = event.wait({ timeout: 20_000 });
    await untilAtLeast(started, 0, 3);
    assert.equal(event.isSet(), false);
    event.set();
    assert.deepEqual(await Promise.all([...workers, here]), [true, true, true, true]);
    assert.equal(await event.wait(), true, 'a set event returns at once');
  });

  it('a waiter woken by set() returns true even if clear() follows at once', {
    timeout: 60_000,
  }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 3 });
    const event = new Event();
    for (let round = 0; round < 20; round++) {
      const started = new Int32Array(new SharedArrayBuffer(4));
      const waiters = Array.from({ length: 2 }, () =>
        pool.submit(eventWaiter, event, started, 20_000).result(),
      );
      await untilAtLeast(started, 0, 2);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await pool.submit(eventFlicker, event, 1).result();
      assert.deepEqual(await Promise.all(waiters), [true, true], `round ${round}`);
      assert.equal(event.isSet(), false);
    }
  });

  it('timeout, clear, abort and argument checks', { timeout: 10_000 }, async () => {
    const event = new Event();
    assert.equal(await event.wait({ timeout: 10 }), false);
    event.set();
    assert.equal(event.isSet(), true);
    event.clear();
    assert.equal(await event.wait({ timeout: 0 }), false);
    const controller = new AbortController();
    const waiting = event.wait({ signal: controller.signal });
    controller.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
    assert.throws(() => event.waitSync(), /main thread/);
    await assert.rejects(event.wait({ timeout: -1 }), RangeError);
  });
});
