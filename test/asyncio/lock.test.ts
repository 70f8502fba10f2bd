import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Lock } from '../../src/asyncio/index.ts';
import { CancelledError, SpindleError, TimeoutError } from '../../src/errors.ts';
import { flush, isSettled, prng, randomPause, randomWaitOptions, safetyNet } from './helpers.ts';

describe('asyncio Lock', () => {
  test('acquire, release and locked()', safetyNet, async () => {
    const lock = new Lock();
    assert.equal(lock.locked(), false);
    assert.equal(await lock.acquire(), true);
    assert.equal(lock.locked(), true);
    const second = lock.acquire();
    assert.equal(await isSettled(second), false, 'a second acquire waits');
    lock.release();
    assert.equal(await second, true);
    assert.equal(lock.locked(), true, 'the lock went straight to the waiter');
    lock.release();
    assert.equal(lock.locked(), false);
  });

  test('waiters are served first come, first served', safetyNet, async () => {
    const lock = new Lock();
    await lock.acquire();
    const order: number[] = [];
    const waiters = [0, 1, 2, 3].map((i) => lock.acquire().then(() => order.push(i)));
    for (let i = 0; i < 4; i++) {
      lock.release();
      await flush();
    }
    await Promise.all(waiters);
    assert.deepEqual(order, [0, 1, 2, 3]);
  });

  test('releasing an unlocked lock throws ERR_LOCK_NOT_ACQUIRED', () => {
    const lock = new Lock();
    assert.throws(
      () => lock.release(),
      (e: unknown) => e instanceof SpindleError && e.code === 'ERR_LOCK_NOT_ACQUIRED',
    );
  });

  test('hold() gives a guard that releases once, even when disposed twice', safetyNet, async () => {
    const lock = new Lock();
    {
      using guard = await lock.hold();
      assert.equal(lock.locked(), true);
      guard[Symbol.dispose]();
      assert.equal(lock.locked(), false);
      await lock.acquire();
    }
    assert.equal(lock.locked(), true, 'the second dispose did not release the lock taken since');
    lock.release();
  });

  test('a timed-out or aborted acquire leaves the queue and does not hold the lock', safetyNet, async () => {
    const lock = new Lock();
    await lock.acquire();
    await assert.rejects(lock.acquire({ timeout: 5 }), TimeoutError);
    const controller = new AbortController();
    const aborted = lock.acquire({ signal: controller.signal });
    controller.abort();
    await assert.rejects(aborted, CancelledError);
    const reason = new Error('mine');
    await assert.rejects(lock.acquire({ signal: AbortSignal.abort(reason) }), (e) => e === reason);
    lock.release();
    assert.equal(lock.locked(), false, 'no waiter was left to hand the lock to');
  });

  test('a waiter cancelled in the step that released to it hands the lock on', safetyNet, async () => {
    const lock = new Lock();
    await lock.acquire();
    const controller = new AbortController();
    const first = lock.acquire({ signal: controller.signal });
    const second = lock.acquire();
    await flush();
    lock.release();
    controller.abort();
    await assert.rejects(first, CancelledError);
    assert.equal(await second, true, 'the next waiter got the lock');
    assert.equal(lock.locked(), true);
    lock.release();
    assert.equal(lock.locked(), false);
  });

  test('bad options throw at the call', () => {
    const lock = new Lock();
    assert.throws(() => lock.acquire({ timeout: -1 }), RangeError);
    assert.throws(() => lock.acquire({ timeout: 'x' as never }), TypeError);
    assert.throws(() => lock.acquire({ signal: {} as never }), TypeError);
    assert.throws(() => lock.hold(null as never), TypeError);
  });

  test('a storm of aborts and timeouts never loses the lock or lets two hold it', safetyNet, async () => {
    // fast-check draws the seeds (and replays a failing one); each seed drives one random storm.
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 0x7fffffff }), async (seed) => {
        const rand = prng(seed);
        const lock = new Lock();
        let holders = 0;
        let acquired = 0;
        let failed = 0;
        await Promise.all(
          Array.from({ length: 40 }, async () => {
            await randomPause(rand);
            try {
              await lock.acquire(randomWaitOptions(rand));
            } catch {
              failed++;
              return;
            }
            acquired++;
            holders++;
            assert.equal(holders, 1, `seed ${seed}: two holders at once`);
            await randomPause(rand);
            holders--;
            lock.release();
          }),
        );
        assert.equal(acquired + failed, 40, `seed ${seed}: every acquire settled once`);
        assert.equal(lock.locked(), false, `seed ${seed}: the lock ended up free`);
        assert.ok(await lock.acquire({ timeout: 0 }).then(() => true), `seed ${seed}: still usable`);
      }),
      { numRuns: 20 },
    );
  });
});
