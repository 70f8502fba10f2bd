import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LockOwnerDeadError, NotHeldError } from '../../src/errors.ts';
import { ThreadPoolExecutor } from '../../src/futures/index.ts';
import { Lock, RLock } from '../../src/threading/index.ts';
import {
  dieHolding,
  lockedIncrements,
  lockedIncrementsAsync,
  sameTwice,
} from '../fixtures/threading-tasks.ts';

describe('Lock across threads', () => {
  it('4 threads × 100,000 locked increments are exact', { timeout: 60_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
    const lock = new Lock();
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const runs = Array.from({ length: 4 }, () => pool.submit(lockedIncrements, lock, counter, 100_000));
    await Promise.all(runs.map((f) => f.result()));
    assert.equal(counter[0], 400_000);
    assert.equal(lock.locked(), false);
  });

  it('the main thread contends too, through acquire()', { timeout: 60_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    const lock = new RLock();
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const workers = [pool.submit(lockedIncrementsAsync, lock, counter, 20_000)];
    for (let i = 0; i < 2_000; i++) {
      using _ = await lock.hold();
      counter[0] = counter[0]! + 1;
    }
    await workers[0]!.result();
    assert.equal(counter[0], 22_000);
  });

  it('arrives in the worker as the same primitive, once per id', { timeout: 30_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const lock = new Lock();
    assert.deepEqual(await pool.submit(sameTwice, lock, lock).result(), { same: true, kind: 'Lock' });
  });

  it('non-blocking and timed acquire', { timeout: 10_000 }, async () => {
    const lock = new Lock();
    assert.equal(await lock.acquire({ blocking: false }), true);
    assert.equal(await lock.acquire({ blocking: false }), false);
    assert.equal(await lock.acquire({ timeout: 20 }), false);
    const later = lock.acquire();
    lock.release();
    assert.equal(await later, true);
    lock.release();
    assert.throws(() => lock.release(), NotHeldError);
    assert.throws(() => lock.acquireSync(), /main thread/);
    await assert.rejects(lock.acquire({ blocking: false, timeout: 5 }), RangeError);
  });

  it('an aborted acquire rejects with the reason and leaves the lock usable', {
    timeout: 10_000,
  }, async () => {
    const lock = new Lock();
    await lock.acquire();
    const controller = new AbortController();
    const waiting = lock.acquire({ signal: controller.signal });
    controller.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
    lock.release();
    assert.equal(await lock.acquire({ blocking: false }), true);
  });

  it('RLock re-enters and only its owner may release', { timeout: 10_000 }, async () => {
    const rlock = new RLock();
    await rlock.acquire();
    await rlock.acquire();
    rlock.release();
    assert.equal(rlock.locked(), true);
    rlock.release();
    assert.equal(rlock.locked(), false);
    assert.throws(() => rlock.release(), NotHeldError);
  });

  for (const Kind of [Lock, RLock]) {
    it(`${Kind.name}: a holder that dies gives its waiters LockOwnerDeadError`, {
      timeout: 30_000,
    }, async () => {
      await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
      const lock = new Kind();
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const died = pool.submit(dieHolding, lock, flag);
      await Atomics.waitAsync(flag, 0, 0).value;
      const waiter = lock.acquire();
      await assert.rejects(died.result(), { code: 'ERR_WORKER_CRASHED' });
      await assert.rejects(waiter, LockOwnerDeadError);
      await assert.rejects(lock.acquire({ blocking: false }), LockOwnerDeadError);
      assert.equal(lock.markConsistent(), true);
      assert.equal(await lock.acquire({ blocking: false }), true);
    });
  }
});
