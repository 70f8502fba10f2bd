import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BrokenBarrierError } from '../../src/errors.ts';
import { ThreadPoolExecutor } from '../../src/futures/index.ts';
import { Barrier } from '../../src/threading/index.ts';
import { barrierOnce, barrierRounds, countAction } from '../fixtures/threading-primitives-tasks.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function untilWaiting(barrier: Barrier, n: number): Promise<void> {
  while (barrier.nWaiting < n) await sleep(2);
}

describe('Barrier', () => {
  it('is cyclic: 4 threads × 2,000 rounds, action once per generation', { timeout: 120_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
    const rounds = 2_000;
    const barrier = new Barrier(4, { action: countAction });
    const progress = new Int32Array(new SharedArrayBuffer(16));
    const indexSums = new Int32Array(new SharedArrayBuffer(4 * rounds + 4));
    const runs = new Int32Array(new SharedArrayBuffer(4));
    const parties = [0, 1, 2, 3].map((me) =>
      pool.submit(barrierRounds, barrier, progress, indexSums, runs, me, rounds).result(),
    );
    assert.deepEqual(await Promise.all(parties), [rounds, rounds, rounds, rounds]);
    assert.equal(runs[0], rounds, 'the action ran exactly once per generation');
    for (let r = 1; r <= rounds; r++) assert.equal(indexSums[r], 0 + 1 + 2 + 3, `indexes of round ${r}`);
    assert.equal(barrier.broken, false);
    assert.equal(barrier.nWaiting, 0);
  });

  it('an aborting party breaks the others with BrokenBarrierError', { timeout: 30_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 3 });
    const barrier = new Barrier(5);
    const others = [0, 1, 2].map(() => pool.submit(barrierOnce, barrier, 20_000).result());
    await untilWaiting(barrier, 3);
    const controller = new AbortController();
    const mine = barrier.wait({ signal: controller.signal });
    await untilWaiting(barrier, 4);
    controller.abort(new Error('giving up'));
    await assert.rejects(mine, /giving up/);
    assert.deepEqual(await Promise.all(others), Array(3).fill('BrokenBarrierError'));
    assert.equal(barrier.broken, true);
    await assert.rejects(barrier.wait(), BrokenBarrierError);
    barrier.reset();
    assert.equal(barrier.broken, false);
  });

  it("a waiter's timeout breaks the barrier; reset makes it usable again", { timeout: 30_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    const barrier = new Barrier(3, { timeout: 20_000 });
    const patient = pool.submit(barrierOnce, barrier, 20_000).result();
    await untilWaiting(barrier, 1);
    await assert.rejects(barrier.wait({ timeout: 20 }), BrokenBarrierError);
    assert.equal(await patient, 'BrokenBarrierError');
    assert.equal(barrier.broken, true);
    barrier.reset();
    const again = [0, 1].map(() => pool.submit(barrierOnce, barrier, 20_000).result());
    const mine = await barrier.wait();
    assert.deepEqual([...(await Promise.all(again)), mine].sort(), [0, 1, 2]);
  });

  it('reset breaks the parties waiting now and leaves it usable', { timeout: 30_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    const barrier = new Barrier(3);
    const waiting = [0, 1].map(() => pool.submit(barrierOnce, barrier, 20_000).result());
    await untilWaiting(barrier, 2);
    barrier.reset();
    assert.deepEqual(await Promise.all(waiting), ['BrokenBarrierError', 'BrokenBarrierError']);
    assert.equal(barrier.broken, false);
    const round = [0, 1].map(() => pool.submit(barrierOnce, barrier, 20_000).result());
    const mine = await barrier.wait();
    assert.deepEqual([...(await Promise.all(round)), mine].sort(), [0, 1, 2]);
  });

  it("a failing action breaks the barrier; the last party gets the action's error", {
    timeout: 30_000,
  }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const barrier = new Barrier(2, {
      action: () => {
        throw new Error('action failed');
      },
    });
    const other = pool.submit(barrierOnce, barrier, 20_000).result();
    await untilWaiting(barrier, 1);
    await assert.rejects(barrier.wait(), /action failed/);
    assert.equal(await other, 'BrokenBarrierError');
    assert.equal(barrier.broken, true);
  });

  it('single party, properties and argument checks', { timeout: 10_000 }, async () => {
    const barrier = new Barrier(1);
    assert.equal(await barrier.wait(), 0);
    assert.equal(await barrier.wait(), 0);
    assert.equal(barrier.parties, 1);
    assert.throws(() => new Barrier(0), RangeError);
    assert.throws(() => new Barrier(1.5), TypeError);
    assert.throws(() => new Barrier(2, { action: 1 as unknown as () => void }), TypeError);
    assert.throws(() => barrier.waitSync(), /main thread/);
  });
});
