import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Barrier, Condition, Event, Lock } from '../../src/asyncio/index.ts';
import { BrokenBarrierError, SpindleError, TimeoutError } from '../../src/errors.ts';
import { flush, isSettled, prng, randomPause, randomWaitOptions, safetyNet } from './helpers.ts';

describe('asyncio Event', () => {
  test('set wakes every waiter; wait resolves at once while set; clear resets', safetyNet, async () => {
    const event = new Event();
    const waiters = [event.wait(), event.wait()];
    assert.equal(await isSettled(waiters[0]!), false, 'waits while clear');
    event.set();
    assert.deepEqual(await Promise.all(waiters), [true, true]);
    assert.equal(await event.wait({ timeout: 0 }), true);
    event.clear();
    assert.equal(event.isSet(), false);
    await assert.rejects(event.wait({ timeout: 5 }), TimeoutError);
  });
});

describe('asyncio Condition', () => {
  test('wait releases the lock and re-acquires it before returning', safetyNet, async () => {
    const cond = new Condition();
    const items: number[] = [];
    const consumer = (async () => {
      using _ = await cond.hold();
      const n = await cond.waitFor(() => items.length);
      assert.equal(cond.locked(), true);
      return [n, items.shift()];
    })();
    await flush();
    assert.equal(cond.locked(), false, 'the waiting consumer released the lock');
    {
      using _ = await cond.hold();
      items.push(42);
      cond.notify();
    }
    assert.deepEqual(await consumer, [1, 42]);
  });

  test('a timed-out wait still re-acquires the lock', safetyNet, async () => {
    const cond = new Condition(new Lock());
    await cond.acquire();
    await assert.rejects(cond.wait({ timeout: 5 }), TimeoutError);
    assert.equal(cond.locked(), true, 'the caller holds the lock after the timeout');
    cond.release();
  });

  test('wait and notify without the lock throw ERR_LOCK_NOT_ACQUIRED', () => {
    const cond = new Condition();
    const notHeld = (e: unknown) => e instanceof SpindleError && e.code === 'ERR_LOCK_NOT_ACQUIRED';
    assert.throws(() => cond.wait(), notHeld);
    assert.throws(() => cond.notify(), notHeld);
    assert.throws(() => new Condition({} as never), TypeError);
  });

  test(
    'notify(n) wakes n waiters, notifyAll the rest; aborted waiters never eat a notification',
    safetyNet,
    async () => {
      for (let seed = 1; seed <= 10; seed++) {
        const rand = prng(seed);
        const cond = new Condition();
        let woken = 0;
        let gaveUp = 0;
        const waiters = Array.from({ length: 20 }, async () => {
          using _ = await cond.hold();
          try {
            await cond.wait(randomWaitOptions(rand));
            woken++;
          } catch {
            gaveUp++;
          }
        });
        await randomPause(rand);
        await flush();
        {
          using _ = await cond.hold();
          cond.notify(3);
        }
        await flush();
        let ended = false;
        const all = Promise.all(waiters).then(() => {
          ended = true;
        });
        while (!ended) {
          // A waiter still on its way to wait() gets the next round.
          {
            using _ = await cond.hold();
            cond.notifyAll();
          }
          await flush();
        }
        await all;
        assert.equal(woken + gaveUp, 20, `seed ${seed}: every waiter ended once`);
        assert.equal(cond.locked(), false, `seed ${seed}: the lock is free at the end`);
      }
    },
  );
});

describe('asyncio Barrier', () => {
  test('releases parties together with their arrival index, round after round', safetyNet, async () => {
    const barrier = new Barrier(3);
    for (let round = 0; round < 2; round++) {
      const a = barrier.wait();
      const b = barrier.wait();
      assert.equal(barrier.nWaiting, 2);
      assert.equal(await isSettled(a), false, 'waits for the third party');
      assert.deepEqual(await Promise.all([a, b, barrier.wait()]), [0, 1, 2]);
    }
  });

  test('a waiter that times out leaves without breaking the barrier', safetyNet, async () => {
    const barrier = new Barrier(2);
    await assert.rejects(barrier.wait({ timeout: 5 }), TimeoutError);
    assert.equal(barrier.nWaiting, 0);
    assert.deepEqual(await Promise.all([barrier.wait(), barrier.wait()]), [0, 1]);
  });

  test('abort breaks it for current and later waiters until reset', safetyNet, async () => {
    const barrier = new Barrier(2);
    const waiting = barrier.wait();
    barrier.abort();
    await assert.rejects(waiting, BrokenBarrierError);
    await assert.rejects(barrier.wait(), BrokenBarrierError);
    assert.equal(barrier.broken, true);
    barrier.reset();
    const again = barrier.wait();
    barrier.reset();
    await assert.rejects(again, BrokenBarrierError);
    assert.deepEqual(await Promise.all([barrier.wait(), barrier.wait()]), [0, 1]);
    assert.throws(() => new Barrier(0), RangeError);
  });
});
