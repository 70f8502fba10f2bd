import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BrokenBarrierError } from '../../src/errors.ts';
import { ThreadPoolExecutor } from '../../src/futures/index.ts';
import { Barrier, Condition } from '../../src/threading/index.ts';
import { barrierOnce, conditionWaiter } from '../fixtures/threading-primitives-tasks.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean): Promise<void> {
  while (!check()) await sleep(2);
}

/** Terminates the workers of `pool` while their tasks block; resolves once they have exited. */
async function killWorkers(pool: ThreadPoolExecutor): Promise<void> {
  await pool.shutdown({ timeout: 0 });
}

describe('a thread that dies inside a wait', () => {
  it('a Barrier(3) whose third party dies inside waitSync breaks for the two live ones', {
    timeout: 60_000,
  }, async () => {
    await using live = new ThreadPoolExecutor({ maxWorkers: 2 });
    const doomed = new ThreadPoolExecutor({ maxWorkers: 1, cancelGrace: 0 });
    const barrier = new Barrier(3);
    const dead = doomed.submit(barrierOnce, barrier, 60_000);
    await until(() => barrier.nWaiting === 1);
    const other = live.submit(barrierOnce, barrier, 20_000);
    await until(() => barrier.nWaiting === 2);
    await killWorkers(doomed);
    await assert.rejects(dead.result());
    await assert.rejects(barrier.wait({ timeout: 20_000 }), BrokenBarrierError);
    assert.equal(await other, 'BrokenBarrierError', 'the live party waiting with it broke too');
    assert.equal(barrier.broken, true);
    // The dead party left too: after reset, three live parties pass together.
    barrier.reset();
    assert.equal(barrier.nWaiting, 0);
    const round = [0, 1].map(() => live.submit(barrierOnce, barrier, 20_000).result());
    const mine = await barrier.wait({ timeout: 20_000 });
    assert.deepEqual([...(await Promise.all(round)), mine].sort(), [0, 1, 2]);
  });

  it('a dead waiter of a Condition does not take the notify meant for a live one', {
    timeout: 60_000,
  }, async () => {
    await using live = new ThreadPoolExecutor({ maxWorkers: 1 });
    const doomed = new ThreadPoolExecutor({ maxWorkers: 1, cancelGrace: 0 });
    const cond = new Condition();
    const counts = new Int32Array(new SharedArrayBuffer(8));
    const dead = doomed.submit(conditionWaiter, cond, counts, 60_000);
    // The waiter counts itself under the lock and lets it go only by waiting: once it is
    // counted and we could take the lock, it is in the waiter table.
    await until(() => counts[0] === 1);
    (await cond.hold())[Symbol.dispose]();
    const waiter = live.submit(conditionWaiter, cond, counts, 20_000);
    await until(() => counts[0] === 2);
    (await cond.hold())[Symbol.dispose]();
    await killWorkers(doomed);
    await assert.rejects(dead.result());
    {
      using _ = await cond.hold();
      cond.notify(1);
    }
    assert.equal(await waiter, true, 'the live waiter was notified');
  });
});
