import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ThreadPoolExecutor } from '../../src/futures/index.ts';
import { Barrier } from '../../src/threading/index.ts';
import { recordRound, waitRounds } from '../fixtures/barrier-action-tasks.ts';

describe('Barrier action with actionArgs', () => {
  it('the last one in records the round, in whichever thread it is', { timeout: 60_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    const rounds = new Int32Array(new SharedArrayBuffer(8));
    const barrier = new Barrier(3, { action: recordRound, actionArgs: [rounds, 'round'] });
    const times = 50;
    const parties = [0, 1].map(() => pool.submit(waitRounds, barrier, rounds, times).result());
    for (let i = 0; i < times; i++) {
      await barrier.wait({ timeout: 20_000 });
      assert.ok(Atomics.load(rounds, 0) >= i + 1, `round ${i + 1} was recorded before anyone passed`);
    }
    assert.deepEqual(await Promise.all(parties), [times, times]);
    assert.equal(rounds[0], times, 'the action ran once per round');
    assert.equal(rounds[1], (times * (times + 1)) / 2, 'with the copied label in every thread');
  });

  it('bad actionArgs fail at the call', () => {
    const rounds = new Int32Array(new SharedArrayBuffer(8));
    // @ts-expect-error: the arguments must match the action's parameters
    new Barrier(2, { action: recordRound, actionArgs: ['not an array', 1] });
    assert.throws(
      // @ts-expect-error: not an array
      () => new Barrier(2, { action: recordRound, actionArgs: rounds }),
      /actionArgs must be an array/,
    );
    assert.throws(() => new Barrier(2, { actionArgs: [] }), /actionArgs needs an action/);
    assert.throws(
      () => new Barrier(2, { action: recordRound, actionArgs: [rounds, (() => 1) as unknown as string] }),
      /actionArgs\[1\] is a function/,
    );
  });
});
