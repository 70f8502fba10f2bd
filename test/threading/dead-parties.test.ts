import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ThreadPoolExecutor } from '../../src/futures/index.ts';
import { Condition } from '../../src/threading/index.ts';
import { conditionWaiter } from '../fixtures/threading-primitives-tasks.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean): Promise<void> {
  while (!check()) await sleep(2);
}

/** Terminates the workers of `pool` while their tasks block; resolves once they have exited. */
async function killWorkers(pool: ThreadPoolExecutor): Promise<void> {
  await pool.shutdown({ timeout: 0 });
}

describe('a thread that dies inside a wait', () => {
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
