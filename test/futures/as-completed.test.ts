import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asCompleted, CancelledError, Future, TimeoutError } from '../../src/index.ts';

import { futures, isSettled, later, safetyNet } from './helpers.ts';

/**
 * Futures are compared by identity through their index in `all`: deepEqual would treat two
 * distinct futures in the same state as equal (their fields are private).
 */
function idx(list: Iterable<unknown>, all: readonly unknown[]): number[] {
  return [...list].map((f) => {
    const i = all.indexOf(f);
    assert.notEqual(i, -1, 'yielded something that is not one of the input futures');
    return i;
  });
}

/** Asserts that an iterator result yields exactly `expected` (by identity). */
function assertYields<T>(result: IteratorResult<Future<T>, unknown>, expected: Future<T>): void {
  assert.equal(result.done, false);
  assert.equal(result.value, expected);
}

/** Asserts that an iterator result is the end of the iteration. */
function assertEnded(result: IteratorResult<unknown, unknown>): void {
  assert.equal(result.done, true);
  assert.equal(result.value, undefined);
}

/**
 * The futures a `for await` loop over `it` sees. TypeScript types a `for await` value as
 * `Awaited<Future<T>>` (that is, `T`) although asCompleted yields the Future objects, hence the
 * `unknown` here; `idx` then checks each one is an input future by identity.
 */
async function collect<T>(it: AsyncIterable<Future<T>>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const f of it as AsyncIterable<unknown>) out.push(f);
  return out;
}

describe('asCompleted', safetyNet, () => {
  test('yields already-done futures first, then the rest as they complete', async (t) => {
    const all = futures(4);
    const [p1, d1, p2, d2] = all as [Future<number>, Future<number>, Future<number>, Future<number>];
    d1.setResult(1);
    d2.cancel();
    const it = asCompleted(all);
    later(t, 1, () => p2.setResult(2));
    later(t, 10, () => p1.setResult(3));
    // d1, d2 were done at the call (input order), then p2 and p1 in completion order.
    assert.deepEqual(idx(await collect(it), all), [1, 3, 2, 0]);
  });

  test('a future completed after the call but before next() is yielded after the already-done ones', async () => {
    const all = futures(2);
    const [late, early] = all as [Future<number>, Future<number>];
    early.setResult(1);
    const it = asCompleted(all);
    late.setResult(2);
    assert.deepEqual(idx(await collect(it), all), [1, 0]);
  });

  test('yields pending futures in completion order, not input order (timers in shuffled order)', async (t) => {
    const all = futures(5);
    const completionOrder = [3, 1, 4, 2, 0];
    // One timer per completion, each set by the previous one: the order then holds however
    // loaded the machine is (independent timers may fire out of order after a stall).
    const completeFrom = (k: number): void => {
      const i = completionOrder[k];
      if (i === undefined) return;
      later(t, 1, () => {
        all[i]!.setResult(i);
        completeFrom(k + 1);
      });
    };
    completeFrom(0);
    assert.deepEqual(idx(await collect(asCompleted(all)), all), completionOrder);
  });

  test('futures completing together while the consumer waits come out in completion order', async (t) => {
    const all = futures(4);
    later(t, 1, () => {
      all[2]!.setResult(0);
      all[0]!.setException(new Error('one'));
      all[3]!.cancel();
      all[1]!.setResult(3);
    });
    assert.deepEqual(idx(await collect(asCompleted(all)), all), [2, 0, 3, 1]);
  });

  test('futures completed between next() calls keep their completion order', async () => {
    const [a, b, c] = futures(3) as [Future<number>, Future<number>, Future<number>];
    const it = asCompleted([a, b, c]);
    const first = it.next();
    assert.equal(await isSettled(first), false);
    b.setResult(2);
    assertYields(await first, b);
    c.setResult(3);
    a.setResult(1);
    assertYields(await it.next(), c);
    assertYields(await it.next(), a);
    assertEnded(await it.next());
  });

  test('duplicates are yielded once', async (t) => {
    const all = futures(2);
    const [done, pending] = all as [Future<number>, Future<number>];
    done.setResult(1);
    later(t, 1, () => pending.setResult(2));
    const order = await collect(asCompleted([done, pending, done, pending, pending, done]));
    assert.deepEqual(idx(order, all), [0, 1]);
  });

  test('duplicates of only pending futures are yielded once', async (t) => {
    const all = futures(2);
    const [a, b] = all as [Future<number>, Future<number>];
    later(t, 1, () => b.setResult(2));
    later(t, 3, () => a.setResult(1));
    assert.deepEqual(idx(await collect(asCompleted([a, b, a, b])), all), [1, 0]);
  });

  test('yields the Future objects themselves, not their values', async (t) => {
    const all = futures(3);
    const [ok, bad, pending] = all as [Future<number>, Future<number>, Future<number>];
    ok.setResult(10);
    const boom = new Error('boom');
    bad.setException(boom);
    later(t, 1, () => pending.setResult(30));
    const seen: unknown[] = [];
    for await (const f of asCompleted(all) as AsyncIterable<unknown>) {
      assert.ok(f instanceof Future, `expected a Future, got ${String(f)}`);
      seen.push(f);
    }
    assert.deepEqual(idx(seen, all), [0, 1, 2]);
    assert.equal(await ok, 10);
    await assert.rejects(bad.result(), (e) => e === boom);
    assert.equal(await pending.result(), 30);
  });

  test('next() also returns Future objects', async () => {
    const f = new Future<string>();
    f.setResult('value');
    const r = await asCompleted([f]).next();
    assert.ok(r.value instanceof Future, 'r.value instanceof Future');
    assertYields(r, f);
  });

  test('a failed or cancelled future does not end the iteration', async (t) => {
    const all = futures(3);
    const [bad, good, cancelled] = all as [Future<number>, Future<number>, Future<number>];
    later(t, 1, () => bad.setException(new Error('x')));
    later(t, 5, () => cancelled.cancel());
    later(t, 10, () => good.setResult(1));
    assert.deepEqual(idx(await collect(asCompleted(all)), all), [0, 2, 1]);
  });

  test('is its own async iterator', () => {
    const it = asCompleted([]);
    assert.equal(it[Symbol.asyncIterator](), it);
  });

  test('TimeoutError when the deadline passes with futures outstanding, after yielding those done', async () => {
    const all = futures(3);
    const [done, soon, never] = all as [Future<number>, Future<number>, Future<number>];
    done.setResult(0);
    const yielded: unknown[] = [];
    await assert.rejects(
      (async () => {
        for await (const f of asCompleted(all, { timeout: 20 }) as AsyncIterable<unknown>) {
          yielded.push(f);
          // Completed after the call and before the deadline, whatever the machine's speed.
          if (f === done) soon.setResult(1);
        }
      })(),
      (e) => e instanceof TimeoutError && e.code === 'ERR_TIMEOUT',
    );
    assert.deepEqual(idx(yielded, all), [0, 1]);
    assert.equal(never.done(), false);
  });

  test('timeout 0 yields the done futures, then throws TimeoutError, then is finished', async () => {
    const [done, never] = futures(2) as [Future<number>, Future<number>];
    done.setResult(1);
    const it = asCompleted([never, done], { timeout: 0 });
    assertYields(await it.next(), done);
    await assert.rejects(it.next(), TimeoutError);
    assertEnded(await it.next());
  });

  test('no TimeoutError when everything completes before the deadline', async (t) => {
    const all = futures(2);
    const [a, b] = all as [Future<number>, Future<number>];
    later(t, 1, () => b.setResult(2));
    later(t, 3, () => a.setResult(1));
    assert.deepEqual(idx(await collect(asCompleted(all, { timeout: 10_000 })), all), [1, 0]);
  });

  test('no TimeoutError with timeout 0 when all futures are already done', async () => {
    const all = futures(2);
    all[0]!.setResult(1);
    all[1]!.cancel();
    assert.deepEqual(idx(await collect(asCompleted(all, { timeout: 0 })), all), [0, 1]);
  });

  test('aborting the signal ends the iteration with its reason', async (t) => {
    const all = futures(3);
    const [done, soon, never] = all as [Future<number>, Future<number>, Future<number>];
    done.setResult(0);
    const controller = new AbortController();
    const reason = new Error('stop');
    later(t, 1, () => soon.setResult(1));
    const yielded: unknown[] = [];
    await assert.rejects(
      (async () => {
        for await (const f of asCompleted(all, { signal: controller.signal }) as AsyncIterable<unknown>) {
          yielded.push(f);
          if (f === soon) later(t, 1, () => controller.abort(reason));
        }
      })(),
      (e) => e === reason,
    );
    assert.deepEqual(idx(yielded, all), [0, 1]);
    assert.equal(never.done(), false);
  });

  test('aborting without a reason rejects with CancelledError and the iterator is then finished', async () => {
    const pending = new Future<number>();
    const controller = new AbortController();
    const it = asCompleted([pending], { signal: controller.signal });
    const next = it.next();
    assert.equal(await isSettled(next), false);
    controller.abort();
    await assert.rejects(next, (e) => e instanceof CancelledError && e.code === 'ERR_CANCELLED');
    assertEnded(await it.next());
    assert.equal(pending.cancelled(), false);
  });

  test('an already aborted signal ends the iteration once the done futures are yielded', async () => {
    const [done, pending] = futures(2) as [Future<number>, Future<number>];
    done.setResult(1);
    const reason = new Error('pre-aborted');
    const it = asCompleted([pending, done], { signal: AbortSignal.abort(reason) });
    assertYields(await it.next(), done);
    await assert.rejects(it.next(), (e) => e === reason);
  });

  test('non-Future input throws TypeError', () => {
    const f = new Future<number>();
    assert.throws(() => asCompleted([f, 1 as unknown as Future<number>]), TypeError);
    assert.throws(() => asCompleted([Promise.resolve(1) as unknown as Future<number>]), TypeError);
    // A plain thenable that is not a Future.
    const thenable = Object.fromEntries([['then', () => {}]]) as unknown as Future<number>;
    assert.throws(() => asCompleted([thenable]), TypeError);
    assert.throws(() => asCompleted(null as unknown as Future<number>[]), TypeError);
    assert.throws(() => asCompleted(42 as unknown as Future<number>[]), TypeError);
    // Duck-typed: it has the methods asCompleted calls, but it is not a Future.
    const fake = { done: () => true, addDoneCallback: () => {} } as unknown as Future<number>;
    assert.throws(() => asCompleted([fake]), TypeError);
  });

  test('bad timeout or signal throws', () => {
    assert.throws(() => asCompleted([], { timeout: -1 }), RangeError);
    assert.throws(() => asCompleted([], { timeout: Number.NaN }), TypeError);
    assert.throws(() => asCompleted([], { signal: 'nope' as unknown as AbortSignal }), TypeError);
  });

  test('empty input ends at once', async () => {
    assertEnded(await asCompleted([]).next());
    assert.deepEqual(await collect(asCompleted([], { timeout: 0 })), []);
    assert.deepEqual(await collect(asCompleted(new Set<Future<number>>())), []);
  });

  test('accepts any iterable, such as a Set or a generator', async () => {
    const all = futures(2);
    const [a, b] = all as [Future<number>, Future<number>];
    a.setResult(1);
    b.setResult(2);
    assert.deepEqual(idx(await collect(asCompleted(new Set([a, b]))), all), [0, 1]);
    function* gen() {
      yield b;
      yield a;
    }
    assert.deepEqual(idx(await collect(asCompleted(gen())), all), [1, 0]);
  });

  test('return() ends the iteration', async () => {
    const [a, b] = futures(2) as [Future<number>, Future<number>];
    a.setResult(1);
    b.setResult(2);
    const it = asCompleted([a, b]);
    assertYields(await it.next(), a);
    assertEnded(await it.return!());
    assertEnded(await it.next());
  });

  test('breaking out of for-await stops the iteration', async () => {
    const all = futures(3);
    for (const f of all) f.setResult(0);
    const seen: unknown[] = [];
    const it = asCompleted(all);
    for await (const f of it as AsyncIterable<unknown>) {
      seen.push(f);
      break;
    }
    assert.deepEqual(idx(seen, all), [0]);
    assertEnded(await it.next());
  });
});

describe('asCompleted under overlapping calls', safetyNet, () => {
  test('two next() calls in flight are both served, in completion order', async () => {
    const a = new Future<string>();
    const b = new Future<string>();
    const it = asCompleted([a, b]);
    const first = it.next();
    const second = it.next();
    b.setResult('b');
    a.setResult('a');
    assert.equal((await first).value, b);
    assert.equal((await second).value, a);
    assert.equal((await it.next()).done, true);
  });

  test('return() ends a next() that is waiting', async () => {
    const pending = new Future<string>();
    const it = asCompleted([pending]);
    const waiting = it.next();
    await it.return?.();
    assert.equal((await waiting).done, true);
  });
});
