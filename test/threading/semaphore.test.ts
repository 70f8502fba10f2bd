import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { NotHeldError } from '../../src/errors.ts';
import { ThreadPoolExecutor } from '../../src/futures/index.ts';
import { BoundedSemaphore, Semaphore } from '../../src/threading/index.ts';
import {
  ENTRIES,
  enterTally,
  INSIDE,
  leaveTally,
  MAX_INSIDE,
  rng,
  semaphoreStorm,
} from '../fixtures/threading-primitives-tasks.ts';

/** The main thread's share of a storm: async acquires with timeouts and aborts. */
async function mainStorm(sem: Semaphore, tally: Int32Array, rounds: number, seed: number) {
  const random = rng(seed);
  for (let r = 0; r < rounds; r++) {
    const pick = random();
    let got: boolean;
    if (pick < 0.4) got = await sem.acquire({ timeout: random() * 2 });
    else if (pick < 0.5) got = await sem.acquire({ blocking: false });
    else {
      const controller = new AbortController();
      const attempt = sem.acquire({ signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, random() * 2));
      controller.abort();
      got = await attempt.catch(() => false);
    }
    if (!got) continue;
    enterTally(tally);
    await Promise.resolve();
    leaveTally(tally);
    sem.release();
  }
}

async function storm(pool: ThreadPoolExecutor, value: number, rounds: number, seed: number) {
  const sem = new Semaphore(value);
  const tally = new Int32Array(new SharedArrayBuffer(12));
  const workers = Array.from({ length: 4 }, (_, i) =>
    pool.submit(semaphoreStorm, sem, tally, rounds, seed + i).result(),
  );
  await mainStorm(sem, tally, rounds / 4, seed + 99);
  await Promise.all(workers);
  assert.ok(Atomics.load(tally, MAX_INSIDE) <= value, `at most ${value} holders, saw ${tally[MAX_INSIDE]}`);
  assert.ok(Atomics.load(tally, ENTRIES) > 0, 'somebody got in');
  assert.equal(Atomics.load(tally, INSIDE), 0);
  assert.equal(sem.value, value, 'every permit came back, none was minted');
}

describe('Semaphore across threads', () => {
  it('never exceeds its value under timeout/abort storms (4 workers + main)', {
    timeout: 120_000,
  }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
    await storm(pool, 2, 4_000, 1);
    await storm(pool, 1, 2_000, 7);
  });

  it('property: any value and seed keeps the bound and the count', { timeout: 120_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 2 ** 30 }), (value, seed) =>
        storm(pool, value, 400, seed),
      ),
      { numRuns: 8 },
    );
  });

  it('acquire, timeout, non-blocking, release(n) and hold', { timeout: 10_000 }, async () => {
    const sem = new Semaphore(2);
    assert.equal(await sem.acquire(), true);
    assert.equal(await sem.acquire({ blocking: false }), true);
    assert.equal(await sem.acquire({ blocking: false }), false);
    assert.equal(await sem.acquire({ timeout: 10 }), false);
    const later = [sem.acquire(), sem.acquire()];
    sem.release(2);
    assert.deepEqual(await Promise.all(later), [true, true]);
    assert.equal(sem.value, 0);
    sem.release(2);
    {
      using _ = await sem.hold();
      assert.equal(sem.value, 1);
    }
    assert.equal(sem.value, 2);
    assert.throws(() => sem.acquireSync(), /main thread/);
    assert.throws(() => sem.release(0), RangeError);
    assert.throws(() => new Semaphore(-1), RangeError);
    assert.throws(() => new Semaphore(1.5), TypeError);
  });

  it('an aborted acquire holds nothing; the permit goes to the next waiter', {
    timeout: 10_000,
  }, async () => {
    const sem = new Semaphore(0);
    const controller = new AbortController();
    const aborted = sem.acquire({ signal: controller.signal });
    const next = sem.acquire();
    controller.abort(new Error('stop'));
    await assert.rejects(aborted, /stop/);
    sem.release();
    assert.equal(await next, true);
    assert.equal(sem.value, 0);
  });

  it('BoundedSemaphore refuses a release past its value and keeps the count', {
    timeout: 10_000,
  }, async () => {
    const sem = new BoundedSemaphore(2);
    assert.throws(() => sem.release(), NotHeldError);
    assert.equal(sem.value, 2);
    await sem.acquire();
    assert.throws(() => sem.release(2), NotHeldError);
    assert.equal(sem.value, 1);
    sem.release();
    assert.equal(sem.value, 2);
  });

  it('a BoundedSemaphore arrives in a worker still bounded', { timeout: 30_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const sem = new BoundedSemaphore(1);
    const overRelease = (s: BoundedSemaphore) => {
      try {
        s.release();
        return 'released';
      } catch (error) {
        return `${(error as Error).name} ${s.constructor.name}`;
      }
    };
    assert.equal(await pool.submit(overRelease, sem).result(), 'NotHeldError BoundedSemaphore');
  });
});
