import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { BoundedSemaphore, Semaphore } from '../../src/asyncio/index.ts';
import { SpindleError, TimeoutError } from '../../src/errors.ts';
import { flush, isSettled, prng, randomPause, randomWaitOptions, safetyNet } from './helpers.ts';

describe('asyncio Semaphore', () => {
  test('hands out value permits, then waits; release wakes in FIFO order', safetyNet, async () => {
    const sem = new Semaphore(2);
    await sem.acquire();
    await sem.acquire();
    assert.equal(sem.locked(), true);
    const order: string[] = [];
    const a = sem.acquire().then(() => order.push('a'));
    const b = sem.acquire().then(() => order.push('b'));
    assert.equal(await isSettled(a), false, 'no permit was free');
    sem.release();
    await flush();
    sem.release();
    await Promise.all([a, b]);
    assert.deepEqual(order, ['a', 'b']);
    assert.equal(sem.value, 0, 'both permits went straight to waiters');
  });

  test('tryAcquire and hold', safetyNet, async () => {
    const sem = new Semaphore(1);
    assert.equal(sem.tryAcquire(), true);
    assert.equal(sem.tryAcquire(), false);
    sem.release();
    {
      using _ = await sem.hold();
      assert.equal(sem.value, 0);
    }
    assert.equal(sem.value, 1);
  });

  test('bad arguments throw at the call', () => {
    assert.throws(() => new Semaphore(-1), RangeError);
    assert.throws(() => new Semaphore(1.5), RangeError);
    assert.throws(() => new Semaphore(1).acquire({ timeout: Number.NaN }), TypeError);
  });

  test('BoundedSemaphore refuses to be released past its initial value', safetyNet, async () => {
    const sem = new BoundedSemaphore(2);
    assert.throws(
      () => sem.release(),
      (e: unknown) => e instanceof SpindleError && e.code === 'ERR_SEMAPHORE_OVERRELEASED',
    );
    await sem.acquire();
    sem.release();
    assert.equal(sem.value, 2);
  });

  test('a timeout of 0 takes a free permit and rejects at once otherwise', safetyNet, async () => {
    const sem = new Semaphore(1);
    assert.equal(await sem.acquire({ timeout: 0 }), true);
    await assert.rejects(sem.acquire({ timeout: 0 }), TimeoutError);
    sem.release();
    assert.equal(sem.value, 1);
  });

  test('a storm of aborts and timeouts never loses or duplicates a permit', safetyNet, async () => {
    // fast-check draws the seeds (and replays a failing one); each seed drives one random storm.
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 0x7fffffff }), async (seed) => {
        const rand = prng(seed);
        const permits = 1 + rand.int(4);
        const sem = rand.int(2) === 0 ? new Semaphore(permits) : new BoundedSemaphore(permits);
        let holders = 0;
        let settledCount = 0;
        await Promise.all(
          Array.from({ length: 50 }, async () => {
            await randomPause(rand);
            const ok = await sem.acquire(randomWaitOptions(rand)).then(
              () => true,
              () => false,
            );
            settledCount++;
            if (!ok) return;
            holders++;
            assert.ok(holders <= permits, `seed ${seed}: ${holders} holders of ${permits} permits`);
            await randomPause(rand);
            holders--;
            sem.release();
          }),
        );
        assert.equal(settledCount, 50, `seed ${seed}: every acquire settled exactly once`);
        assert.equal(sem.value, permits, `seed ${seed}: every permit came back`);
      }),
      { numRuns: 30 },
    );
  });
});
