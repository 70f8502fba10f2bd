import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotHeldError } from '../../src/errors.ts';
import { ThreadPoolExecutor } from '../../src/futures/index.ts';
import { Condition, Lock, RLock } from '../../src/threading/index.ts';
import { conditionWaiter, pingPong } from '../fixtures/threading-primitives-tasks.ts';
import { sameTwice } from '../fixtures/threading-tasks.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean): Promise<void> {
  while (!check()) await sleep(2);
}

describe('Condition across threads', () => {
  for (const Kind of [RLock, Lock]) {
    it(`ping-pong 100,000 rounds between two workers (${Kind.name}) loses no wakeup`, {
      timeout: 120_000,
    }, async () => {
      await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
      const cond = new Condition(new Kind());
      const turn = new Int32Array(new SharedArrayBuffer(8));
      const rounds = 100_000;
      const sides = [0, 1].map((me) => pool.submit(pingPong, cond, turn, me, rounds).result());
      assert.deepEqual(await Promise.all(sides), [rounds, rounds]);
      assert.equal(turn[1], 2 * rounds);
    });
  }

  it('notify(n) wakes exactly n of m waiters, then notifyAll wakes the rest', {
    timeout: 60_000,
  }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
    const cond = new Condition();
    const counts = new Int32Array(new SharedArrayBuffer(8));
    const waiters = Array.from({ length: 4 }, () =>
      pool.submit(conditionWaiter, cond, counts, 30_000).result(),
    );
    // A waiter counts itself under the lock and releases it only by waiting: once all 4 are
    // counted and we hold the lock, all 4 are in the waiter table.
    await until(() => Atomics.load(counts, 0) === 4);
    {
      using _ = await cond.hold();
      cond.notify(2);
    }
    await until(() => Atomics.load(counts, 1) >= 2);
    await sleep(300);
    assert.equal(Atomics.load(counts, 1), 2, 'notify(2) woke exactly two');
    {
      using _ = await cond.hold();
      cond.notifyAll();
    }
    assert.deepEqual(await Promise.all(waiters), [true, true, true, true]);
  });

  it('a waiter that timed out and left does not swallow a notify', { timeout: 10_000 }, async () => {
    const cond = new Condition(new Lock());
    await cond.acquire();
    const early = cond.wait({ timeout: 5 }); // the oldest ticket
    await cond.acquire(); // early released the lock by waiting
    let lateDone = false;
    const late = cond.wait().then((v) => {
      lateDone = true;
      return v;
    });
    await cond.acquire();
    cond.release();
    assert.equal(await early, false, 'the early waiter timed out');
    cond.notify(1); // early holds the lock again: it must go to late
    cond.release();
    assert.equal(await late, true);
    assert.equal(lateDone, true);
    cond.release();
  });

  it('a waiter whose timeout passed while notify picked it counts as notified', {
    timeout: 10_000,
  }, async () => {
    const cond = new Condition(new Lock());
    await cond.acquire();
    const early = cond.wait({ timeout: 5 });
    await cond.acquire();
    let lateResult: boolean | undefined;
    const late = cond.wait({ timeout: 60_000 }).then((v) => {
      lateResult = v;
    });
    await cond.acquire();
    await sleep(30); // early's timeout passes while we hold the lock: its slot is still WAITING
    cond.notify(1);
    cond.release();
    assert.equal(await early, true, 'the notify went to the early waiter, which reports it');
    await sleep(30);
    assert.equal(lateResult, undefined, 'one notify woke one waiter');
    cond.notify(1);
    cond.release();
    await late;
    assert.equal(lateResult, true);
    cond.release();
  });

  it('an aborted waiter that was notified hands the notify on', { timeout: 10_000 }, async () => {
    const cond = new Condition(new Lock());
    await cond.acquire();
    const controller = new AbortController();
    const aborted = cond.wait({ signal: controller.signal });
    await cond.acquire();
    const other = cond.wait();
    await cond.acquire();
    cond.notify(1); // picks the aborted waiter's slot
    controller.abort(new Error('stop'));
    cond.release();
    await assert.rejects(aborted, /stop/);
    assert.equal(cond.release(), undefined, 'the aborted wait took the lock back before rejecting');
    assert.equal(await other, true, 'the notify was passed on');
    cond.release();
  });

  it('waitFor, ownership checks, a full table, revival with its lock', { timeout: 30_000 }, async () => {
    const cond = new Condition(new Lock(), { maxWaiters: 1 });
    assert.throws(() => cond.notify(), NotHeldError);
    await assert.rejects(cond.wait(), NotHeldError);
    await cond.acquire();
    const flag = [0];
    const waiting = cond.waitFor(() => flag[0] === 1);
    await cond.acquire();
    await assert.rejects(cond.wait(), { code: 'ERR_CONDITION_FULL' });
    flag[0] = 1;
    cond.notify();
    cond.release();
    assert.equal(await waiting, true);
    assert.equal(await cond.waitFor(() => flag[0] === 2, { timeout: 10 }), false);
    cond.release();
    assert.throws(() => cond.waitSync(), /main thread/);
    assert.throws(() => new Condition({} as Lock), TypeError);

    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const lock = new Lock();
    const shared = new Condition(lock);
    const probe = (c: Condition, l: Lock) =>
      (c as unknown as { acquireSync(): boolean }).acquireSync() && l.locked();
    assert.equal(await pool.submit(probe, shared, lock).result(), true, 'the revived lock is the same Lock');
    assert.equal(lock.locked(), true);
    lock.release();
    assert.deepEqual(await pool.submit(sameTwice, shared, shared).result(), {
      same: true,
      kind: 'Condition',
    });
  });
});
