import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ALL_COMPLETED,
  CancelledError,
  type DoneAndNotDone,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type Future,
  type ReturnWhen,
  wait,
} from '../../src/index.ts';

import { futures, isSettled, later, safetyNet } from './helpers.ts';

/**
 * The split as sorted indices into `all`. Futures are compared by identity: deepEqual would
 * treat two distinct futures in the same state as equal (their fields are private).
 */
function split(result: DoneAndNotDone<number>, all: readonly Future<number>[]) {
  assert.ok(result.done instanceof Set, 'done must be a Set');
  assert.ok(result.notDone instanceof Set, 'notDone must be a Set');
  const indices = (set: Set<Future<number>>) =>
    [...set]
      .map((f) => {
        const i = all.indexOf(f);
        assert.notEqual(i, -1, 'the result holds a future that was not passed in');
        return i;
      })
      .sort((a, b) => a - b);
  return { done: indices(result.done), notDone: indices(result.notDone) };
}

describe('wait', safetyNet, () => {
  test('done and notDone are Sets', async () => {
    const all = futures(2);
    all[0]!.setResult(1);
    const result = await wait(all, { timeout: 0 });
    assert.ok(result.done instanceof Set, 'result.done instanceof Set');
    assert.ok(result.notDone instanceof Set, 'result.notDone instanceof Set');
    assert.deepEqual(split(result, all), { done: [0], notDone: [1] });
  });

  describe('ALL_COMPLETED', () => {
    test('is the default and waits for every future', async (t) => {
      const all = futures(3);
      const p = wait(all);
      later(t, 1, () => all[1]!.setResult(1));
      later(t, 3, () => all[0]!.setException(new Error('x')));
      later(t, 5, () => all[2]!.cancel());
      assert.deepEqual(split(await p, all), { done: [0, 1, 2], notDone: [] });
    });

    test('does not return while any future is still pending', async () => {
      const all = futures(3);
      const p = wait(all, { returnWhen: ALL_COMPLETED });
      all[0]!.setResult(0);
      all[1]!.setException(new Error('x'));
      assert.equal(await isSettled(p), false);
      all[2]!.setRunningOrNotifyCancel();
      assert.equal(await isSettled(p), false);
      all[2]!.setResult(2);
      assert.deepEqual(split(await p, all), { done: [0, 1, 2], notDone: [] });
    });
  });

  describe('FIRST_COMPLETED', () => {
    test('returns as soon as one future finishes', async (t) => {
      const all = futures(3);
      const p = wait(all, { returnWhen: FIRST_COMPLETED });
      assert.equal(await isSettled(p), false);
      later(t, 1, () => all[1]!.setResult(1));
      assert.deepEqual(split(await p, all), { done: [1], notDone: [0, 2] });
    });

    test('a failure counts as completion', async () => {
      const all = futures(2);
      const p = wait(all, { returnWhen: FIRST_COMPLETED });
      all[0]!.setException(new Error('x'));
      assert.deepEqual(split(await p, all), { done: [0], notDone: [1] });
    });

    test('a cancellation counts as completion', async () => {
      const all = futures(2);
      const p = wait(all, { returnWhen: FIRST_COMPLETED });
      all[1]!.cancel();
      assert.deepEqual(split(await p, all), { done: [1], notDone: [0] });
    });

    test('RUNNING is not completion', async () => {
      const all = futures(2);
      const p = wait(all, { returnWhen: FIRST_COMPLETED });
      all[0]!.setRunningOrNotifyCancel();
      assert.equal(await isSettled(p), false);
      all[0]!.setResult(0);
      assert.deepEqual(split(await p, all), { done: [0], notDone: [1] });
    });
  });

  describe('FIRST_EXCEPTION', () => {
    test('returns on the first failed future', async (t) => {
      const all = futures(4);
      const p = wait(all, { returnWhen: FIRST_EXCEPTION });
      all[0]!.setResult(0);
      assert.equal(await isSettled(p), false);
      later(t, 1, () => all[2]!.setException(new Error('boom')));
      assert.deepEqual(split(await p, all), { done: [0, 2], notDone: [1, 3] });
    });

    test('returns at once when a future has already failed', async () => {
      const all = futures(3);
      all[1]!.setException(new Error('already'));
      const result = await wait(all, { returnWhen: FIRST_EXCEPTION });
      assert.deepEqual(split(result, all), { done: [1], notDone: [0, 2] });
    });

    test('returns when all are done if none fails', async (t) => {
      const all = futures(3);
      const p = wait(all, { returnWhen: FIRST_EXCEPTION });
      all[0]!.setResult(0);
      all[1]!.setResult(1);
      assert.equal(await isSettled(p), false);
      later(t, 1, () => all[2]!.setResult(2));
      assert.deepEqual(split(await p, all), { done: [0, 1, 2], notDone: [] });
    });

    test('a cancelled future is not an exception', async () => {
      const all = futures(3);
      const p = wait(all, { returnWhen: FIRST_EXCEPTION });
      all[1]!.cancel();
      assert.equal(await isSettled(p), false);
      all[0]!.setResult(0);
      assert.equal(await isSettled(p), false);
      all[2]!.setResult(2);
      assert.deepEqual(split(await p, all), { done: [0, 1, 2], notDone: [] });
    });

    test('an already cancelled future does not make it return at once', async () => {
      const all = futures(2);
      all[0]!.cancel();
      const p = wait(all, { returnWhen: FIRST_EXCEPTION });
      assert.equal(await isSettled(p), false);
      all[1]!.setException('not even an Error');
      assert.deepEqual(split(await p, all), { done: [0, 1], notDone: [] });
    });
  });

  describe('timeout', () => {
    test('returns the partial split without throwing', async (t) => {
      const all = futures(3);
      later(t, 1, () => all[0]!.setResult(0));
      const result = await wait(all, { timeout: 30 });
      assert.deepEqual(split(result, all), { done: [0], notDone: [1, 2] });
    });

    test('timeout 0 returns at once with nothing done', async () => {
      const all = futures(2);
      assert.deepEqual(split(await wait(all, { timeout: 0 }), all), { done: [], notDone: [0, 1] });
    });

    test('applies to FIRST_COMPLETED and FIRST_EXCEPTION too', async () => {
      const first = futures(2);
      assert.deepEqual(split(await wait(first, { returnWhen: FIRST_COMPLETED, timeout: 1 }), first), {
        done: [],
        notDone: [0, 1],
      });
      const exc = futures(3);
      exc[0]!.cancel();
      exc[1]!.setResult(1);
      assert.deepEqual(split(await wait(exc, { returnWhen: FIRST_EXCEPTION, timeout: 1 }), exc), {
        done: [0, 1],
        notDone: [2],
      });
    });

    test('returns before the timeout when the condition holds', async (t) => {
      const all = futures(2);
      const p = wait(all, { timeout: 10_000 });
      later(t, 1, () => {
        all[0]!.setResult(0);
        all[1]!.setResult(1);
      });
      assert.deepEqual(split(await p, all), { done: [0, 1], notDone: [] });
    });

    test('bad timeout values throw', () => {
      assert.throws(() => wait([], { timeout: -1 }), RangeError);
      assert.throws(() => wait([], { timeout: Number.NaN }), TypeError);
      assert.throws(() => wait([], { timeout: '5' as unknown as number }), TypeError);
    });
  });

  describe('already satisfied', () => {
    test('ALL_COMPLETED with every future done resolves before any timer runs', async () => {
      const all = futures(3);
      all[0]!.setResult(0);
      all[1]!.setException(new Error('x'));
      all[2]!.cancel();
      const p = wait(all);
      assert.equal(await isSettled(p), true);
      assert.deepEqual(split(await p, all), { done: [0, 1, 2], notDone: [] });
    });

    test('FIRST_COMPLETED with one future done resolves at once', async () => {
      const all = futures(3);
      all[2]!.setResult(2);
      const p = wait(all, { returnWhen: FIRST_COMPLETED });
      assert.equal(await isSettled(p), true);
      assert.deepEqual(split(await p, all), { done: [2], notDone: [0, 1] });
    });

    test('empty input resolves at once with two empty Sets', async () => {
      for (const returnWhen of [ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION] as const) {
        const p = wait([], { returnWhen });
        assert.equal(await isSettled(p), true);
        const { done, notDone } = await p;
        assert.ok(
          done instanceof Set && notDone instanceof Set,
          'done instanceof Set && notDone instanceof Set',
        );
        assert.equal(done.size, 0);
        assert.equal(notDone.size, 0);
      }
    });

    test('an already aborted signal does not matter when already satisfied', async () => {
      const all = futures(1);
      all[0]!.setResult(0);
      const result = await wait(all, { signal: AbortSignal.abort(new Error('x')) });
      assert.deepEqual(split(result, all), { done: [0], notDone: [] });
    });
  });

  describe('signal', () => {
    test('aborting rejects with the reason', async () => {
      const all = futures(2);
      const controller = new AbortController();
      const p = wait(all, { signal: controller.signal });
      assert.equal(await isSettled(p), false);
      const reason = new Error('stop');
      controller.abort(reason);
      await assert.rejects(p, (e) => e === reason);
      assert.equal(all[0]!.cancelled(), false);
    });

    test('aborting without a reason rejects with CancelledError', async () => {
      const controller = new AbortController();
      const p = wait(futures(1), { signal: controller.signal });
      controller.abort();
      await assert.rejects(p, CancelledError);
    });

    test('an already aborted signal rejects when not yet satisfied', async () => {
      const reason = new Error('pre-aborted');
      await assert.rejects(wait(futures(1), { signal: AbortSignal.abort(reason) }), (e) => e === reason);
    });

    test('aborting after it resolved changes nothing', async () => {
      const all = futures(1);
      const controller = new AbortController();
      const p = wait(all, { signal: controller.signal });
      all[0]!.setResult(0);
      const result = await p;
      controller.abort();
      assert.deepEqual(split(result, all), { done: [0], notDone: [] });
    });

    test('a non-AbortSignal throws TypeError', () => {
      assert.throws(() => wait([], { signal: {} as AbortSignal }), TypeError);
    });
  });

  test('invalid returnWhen throws RangeError', () => {
    assert.throws(() => wait([], { returnWhen: 'FIRST' as ReturnWhen }), RangeError);
    assert.throws(() => wait([], { returnWhen: 'all_completed' as ReturnWhen }), RangeError);
    assert.throws(() => wait([], { returnWhen: 1 as unknown as ReturnWhen }), RangeError);
  });

  test('the constants have their Python names', () => {
    assert.equal(ALL_COMPLETED, 'ALL_COMPLETED');
    assert.equal(FIRST_COMPLETED, 'FIRST_COMPLETED');
    assert.equal(FIRST_EXCEPTION, 'FIRST_EXCEPTION');
  });

  test('non-Future input throws TypeError', () => {
    assert.throws(() => wait([1 as unknown as Future<number>]), TypeError);
    assert.throws(() => wait([Promise.resolve(1) as unknown as Future<number>]), TypeError);
    assert.throws(() => wait(undefined as unknown as Future<number>[]), TypeError);
    // Duck-typed: it has the methods wait calls, but it is not a Future.
    const fake = {
      done: () => true,
      failed: () => false,
      addDoneCallback: () => {},
    } as unknown as Future<number>;
    assert.throws(() => wait([fake]), TypeError);
  });

  describe('duplicates', () => {
    test('are counted once for ALL_COMPLETED', async () => {
      const all = futures(2);
      const [a, b] = all as [Future<number>, Future<number>];
      const p = wait([a, a, a, b]);
      a.setResult(0);
      // Counted three times, `a` alone would look like 3 of the 2 distinct futures done.
      assert.equal(await isSettled(p), false);
      b.setResult(1);
      const result = await p;
      assert.equal(result.done.size, 2);
      assert.equal(result.notDone.size, 0);
      assert.deepEqual(split(result, all), { done: [0, 1], notDone: [] });
    });

    test('are counted once when already done', async () => {
      const all = futures(2);
      const [a, b] = all as [Future<number>, Future<number>];
      a.setResult(0);
      const p = wait([a, a, b, a]);
      assert.equal(await isSettled(p), false);
      b.setResult(1);
      assert.deepEqual(split(await p, all), { done: [0, 1], notDone: [] });
    });

    test('appear once in the result sets', async () => {
      const all = futures(2);
      const [a, b] = all as [Future<number>, Future<number>];
      a.setResult(0);
      const result = await wait([a, b, a, b, b], { timeout: 0 });
      assert.equal(result.done.size, 1);
      assert.equal(result.notDone.size, 1);
      assert.deepEqual(split(result, all), { done: [0], notDone: [1] });
    });
  });

  test('accepts any iterable, such as a Set', async () => {
    const all = futures(2);
    for (const f of all) f.setResult(0);
    assert.deepEqual(split(await wait(new Set(all)), all), { done: [0, 1], notDone: [] });
  });
});
