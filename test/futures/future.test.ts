import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CancelledError, Future, InvalidStateError, SpindleError, TimeoutError } from '../../src/index.ts';

import { flush, isSettled, later, safetyNet } from './helpers.ts';

/** Settles `p` into a tagged outcome so fulfilment and rejection can be compared. */
async function outcome(p: PromiseLike<unknown>): Promise<{ ok: boolean; value: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, value: error };
  }
}

function assertFlags<T>(
  f: Future<T>,
  flags: { running: boolean; done: boolean; cancelled: boolean; failed: boolean },
): void {
  assert.deepEqual(
    { running: f.running(), done: f.done(), cancelled: f.cancelled(), failed: f.failed() },
    flags,
  );
}

describe('Future state machine', safetyNet, () => {
  test('a new future is PENDING', () => {
    const f = new Future<number>();
    assert.equal(f.state, 'PENDING');
    assertFlags(f, { running: false, done: false, cancelled: false, failed: false });
  });

  test('PENDING → RUNNING → FINISHED with a value', async () => {
    const f = new Future<number>();
    assert.equal(f.setRunningOrNotifyCancel(), true);
    assert.equal(f.state, 'RUNNING');
    assertFlags(f, { running: true, done: false, cancelled: false, failed: false });
    f.setResult(42);
    assert.equal(f.state, 'FINISHED');
    assertFlags(f, { running: false, done: true, cancelled: false, failed: false });
    assert.equal(await f.result(), 42);
  });

  test('PENDING → RUNNING → FINISHED with an error', async () => {
    const f = new Future<number>();
    f.setRunningOrNotifyCancel();
    const boom = new Error('boom');
    f.setException(boom);
    assert.equal(f.state, 'FINISHED');
    assertFlags(f, { running: false, done: true, cancelled: false, failed: true });
    await assert.rejects(f.result(), (e) => e === boom);
  });

  test('a PENDING future may be completed directly, without RUNNING', async () => {
    const f = new Future<string>();
    f.setResult('direct');
    assert.equal(f.state, 'FINISHED');
    assert.equal(await f, 'direct');
  });

  test('PENDING → CANCELLED', () => {
    const calls: Future<number>[] = [];
    const f = new Future<number>((fut) => calls.push(fut) > 0);
    assert.equal(f.cancel(), true);
    assert.equal(f.state, 'CANCELLED');
    assertFlags(f, { running: false, done: true, cancelled: true, failed: false });
    assert.equal(calls.length, 1);
    assert.equal(calls[0], f);
  });

  test('cancel() on an already cancelled future is true again and does not re-run onCancel', () => {
    let onCancelCalls = 0;
    const f = new Future<number>(() => ++onCancelCalls > 0);
    assert.equal(f.cancel(), true);
    assert.equal(f.cancel(), true);
    assert.equal(f.state, 'CANCELLED');
    assert.equal(onCancelCalls, 1);
  });

  test('cancel() is false while RUNNING and the future can still finish', async () => {
    let onCancelCalls = 0;
    const f = new Future<number>(() => ++onCancelCalls > 0);
    f.setRunningOrNotifyCancel();
    assert.equal(f.cancel(), false);
    assert.equal(f.state, 'RUNNING');
    assert.equal(f.cancelled(), false);
    assert.equal(onCancelCalls, 0);
    f.setResult(7);
    assert.equal(await f, 7);
  });

  test('cancel() is false once FINISHED with a value', async () => {
    let onCancelCalls = 0;
    const f = new Future<number>(() => ++onCancelCalls > 0);
    f.setResult(1);
    assert.equal(f.cancel(), false);
    assert.equal(f.state, 'FINISHED');
    assert.equal(f.cancelled(), false);
    assert.equal(onCancelCalls, 0);
    assert.equal(await f.result(), 1);
  });

  test('cancel() is false once FINISHED with an error', async () => {
    const f = new Future<number>();
    const boom = new Error('boom');
    f.setException(boom);
    assert.equal(f.cancel(), false);
    assert.equal(f.state, 'FINISHED');
    assert.equal(f.failed(), true);
    assert.equal(await f.exception(), boom);
  });

  test('setResult twice throws InvalidStateError and keeps the first value', async () => {
    const f = new Future<number>();
    f.setResult(1);
    assert.throws(
      () => f.setResult(2),
      (e) => e instanceof InvalidStateError && e.code === 'ERR_INVALID_STATE',
    );
    assert.throws(() => f.setException(new Error('late')), InvalidStateError);
    assert.equal(f.failed(), false);
    assert.equal(await f.result(), 1);
  });

  test('setException after setException throws InvalidStateError', async () => {
    const f = new Future<number>();
    const first = new Error('first');
    f.setException(first);
    assert.throws(() => f.setException(new Error('second')), InvalidStateError);
    assert.throws(() => f.setResult(3), InvalidStateError);
    assert.equal(await f.exception(), first);
  });

  test('completing a cancelled future throws InvalidStateError and it stays cancelled', async () => {
    const f = new Future<number>();
    f.cancel();
    assert.throws(() => f.setResult(1), InvalidStateError);
    assert.throws(() => f.setException(new Error('x')), InvalidStateError);
    assert.equal(f.state, 'CANCELLED');
    await assert.rejects(f.result(), CancelledError);
  });

  test('setRunningOrNotifyCancel returns false for a cancelled future', () => {
    const f = new Future<number>();
    f.cancel();
    assert.equal(f.setRunningOrNotifyCancel(), false);
    assert.equal(f.state, 'CANCELLED');
    assert.equal(f.running(), false);
  });

  test('setRunningOrNotifyCancel throws InvalidStateError when RUNNING or FINISHED', () => {
    const running = new Future<number>();
    running.setRunningOrNotifyCancel();
    assert.throws(() => running.setRunningOrNotifyCancel(), InvalidStateError);
    assert.equal(running.state, 'RUNNING');

    const finished = new Future<number>();
    finished.setResult(1);
    assert.throws(() => finished.setRunningOrNotifyCancel(), InvalidStateError);
    assert.equal(finished.state, 'FINISHED');
  });

  test('toStringTag reports the state', () => {
    const f = new Future<number>();
    assert.equal(Object.prototype.toString.call(f), '[object Future PENDING]');
    f.setRunningOrNotifyCancel();
    assert.equal(String(f), '[object Future RUNNING]');
  });
});

describe('Future as a native Promise', safetyNet, () => {
  class Subclass<T> extends Future<T> {}

  test('await and Promise.all take a future as it is, without a wrapper promise', () => {
    for (const f of [new Future<number>(), new Subclass<number>()]) {
      assert.ok(f instanceof Promise);
      assert.equal(Promise.resolve(f), f); // what await and Promise.all do first
    }
  });

  test('a settled future wins a race against a promise settled after it in the same turn', async () => {
    const f = new Future<string>();
    f.setResult('future');
    assert.equal(await Promise.race([f, Promise.resolve('promise')]), 'future');
    const failed = new Subclass<string>();
    failed.setException(new Error('future'));
    await assert.rejects(Promise.race([failed, Promise.reject(new Error('promise'))]), /future/);
  });

  test("Promise's static helpers called on Future make plain Promises", async () => {
    assert.deepEqual(await Future.all([Future.resolve(1), Promise.resolve(2)]), [1, 2]);
    await assert.rejects(Future.reject(new Error('no')), /no/);
    assert.equal(await Future.race([new Future<number>(), Future.resolve(3)]), 3);
    assert.equal(Object.getPrototypeOf(Future.resolve(1)), Promise.prototype);
  });

  test('then, catch and finally return plain Promises', async () => {
    const f = new Future<number>();
    f.setResult(1);
    for (const derived of [f.then(), f.catch(() => 0), f.finally(() => {})]) {
      assert.equal(Object.getPrototypeOf(derived), Promise.prototype);
      assert.equal(await derived, 1);
    }
    assert.ok(new Future<number>() instanceof Future);
  });
});

describe('Future as a PromiseLike', safetyNet, () => {
  test('await f resolves like f.result() with the value', async () => {
    const f = new Future<{ n: number }>();
    const value = { n: 1 };
    f.setResult(value);
    const viaAwait = await outcome(f);
    const viaResult = await outcome(f.result());
    assert.deepEqual(viaAwait, { ok: true, value });
    assert.equal(viaAwait.value, value);
    assert.equal(viaResult.value, value);
  });

  test('await f rejects like f.result() with the very same error', async () => {
    const f = new Future<number>();
    const boom = new TypeError('boom');
    f.setException(boom);
    const viaAwait = await outcome(f);
    const viaResult = await outcome(f.result());
    assert.equal(viaAwait.ok, false);
    assert.equal(viaResult.ok, false);
    assert.equal(viaAwait.value, boom);
    assert.equal(viaResult.value, boom);
  });

  test('await f rejects like f.result() with CancelledError when cancelled', async () => {
    const f = new Future<number>();
    f.cancel();
    const viaAwait = await outcome(f);
    const viaResult = await outcome(f.result());
    for (const o of [viaAwait, viaResult]) {
      assert.equal(o.ok, false);
      assert.ok(o.value instanceof CancelledError, 'o.value instanceof CancelledError');
      assert.equal((o.value as CancelledError).code, 'ERR_CANCELLED');
    }
  });

  test('awaiting a pending future waits for it to finish', async (t) => {
    const f = new Future<string>();
    const awaited = outcome(f);
    const viaResult = outcome(f.result());
    assert.equal(await isSettled(awaited), false);
    later(t, 1, () => f.setResult('later'));
    assert.deepEqual(await awaited, { ok: true, value: 'later' });
    assert.deepEqual(await viaResult, { ok: true, value: 'later' });
  });

  test('awaiting a pending future rejects when it later fails or is cancelled', async () => {
    const failing = new Future<number>();
    const cancelled = new Future<number>();
    const boom = new Error('boom');
    const a = outcome(failing);
    const b = outcome(cancelled);
    failing.setException(boom);
    cancelled.cancel();
    const ca = await a;
    assert.equal(ca.ok, false);
    assert.equal(ca.value, boom);
    const cb = await b;
    assert.equal(cb.ok, false);
    assert.ok(cb.value instanceof CancelledError, 'cb.value instanceof CancelledError');
  });

  test('then/catch/finally behave like a promise', async () => {
    const ok = new Future<number>();
    ok.setResult(2);
    assert.equal(await ok.then((v) => v * 10), 20);
    let finallyRan = false;
    assert.equal(
      await ok.finally(() => {
        finallyRan = true;
      }),
      2,
    );
    assert.equal(finallyRan, true);

    const bad = new Future<number>();
    const boom = new Error('boom');
    bad.setException(boom);
    assert.equal(await bad.catch((e) => e), boom);
    assert.equal(
      await bad.then(
        () => 'fulfilled',
        (e) => (e === boom ? 'rejected with boom' : 'other'),
      ),
      'rejected with boom',
    );
  });

  test('works with Promise.all and Promise.race', async () => {
    const a = new Future<number>();
    const b = new Future<number>();
    a.setResult(1);
    b.setResult(2);
    assert.deepEqual(await Promise.all([a, b]), [1, 2]);
    const c = new Future<number>();
    c.setResult(3);
    assert.equal(await Promise.race([new Future<number>(), c]), 3);
  });
});

describe('Future.result() options', safetyNet, () => {
  test('timeout rejects with TimeoutError while the future stays pending, and it can still finish', async () => {
    const f = new Future<number>();
    await assert.rejects(
      f.result({ timeout: 5 }),
      (e) => e instanceof TimeoutError && e instanceof SpindleError && e.code === 'ERR_TIMEOUT',
    );
    assert.equal(f.state, 'PENDING');
    assert.equal(f.done(), false);
    f.setResult(9);
    assert.equal(await f.result(), 9);
    assert.equal(await f, 9);
  });

  test('timeout 0 on a pending future rejects with TimeoutError', async () => {
    const f = new Future<number>();
    f.setRunningOrNotifyCancel();
    await assert.rejects(f.result({ timeout: 0 }), TimeoutError);
    assert.equal(f.state, 'RUNNING');
  });

  test('timeout resolves with the value when the future finishes in time', async (t) => {
    const f = new Future<number>();
    const p = f.result({ timeout: 10_000 });
    later(t, 1, () => f.setResult(5));
    assert.equal(await p, 5);
  });

  test('timeout rejects with the error when the future fails in time', async (t) => {
    const f = new Future<number>();
    const boom = new Error('boom');
    const p = f.result({ timeout: 10_000 });
    later(t, 1, () => f.setException(boom));
    await assert.rejects(p, (e) => e === boom);
  });

  test('timeout on an already finished future resolves at once', async () => {
    const f = new Future<number>();
    f.setResult(3);
    assert.equal(await f.result({ timeout: 0 }), 3);
  });

  test('Infinity timeout waits without a deadline', async (t) => {
    const f = new Future<number>();
    const p = f.result({ timeout: Number.POSITIVE_INFINITY });
    assert.equal(await isSettled(p), false);
    later(t, 1, () => f.setResult(4));
    assert.equal(await p, 4);
  });

  test('signal abort rejects with the abort reason and leaves the future alone', async () => {
    const f = new Future<number>();
    const controller = new AbortController();
    const p = f.result({ signal: controller.signal });
    assert.equal(await isSettled(p), false);
    const reason = new Error('stop waiting');
    controller.abort(reason);
    await assert.rejects(p, (e) => e === reason);
    assert.equal(f.state, 'PENDING');
    f.setResult(1);
    assert.equal(await f.result(), 1);
  });

  test('signal abort without a reason rejects with CancelledError', async () => {
    const f = new Future<number>();
    const controller = new AbortController();
    const p = f.result({ signal: controller.signal });
    controller.abort();
    await assert.rejects(
      p,
      (e) =>
        e instanceof CancelledError &&
        e.code === 'ERR_CANCELLED' &&
        (e.cause as Error | undefined)?.name === 'AbortError',
    );
    assert.equal(f.cancelled(), false);
  });

  test('an already aborted signal rejects at once', async () => {
    const f = new Future<number>();
    const reason = new RangeError('already');
    await assert.rejects(f.result({ signal: AbortSignal.abort(reason) }), (e) => e === reason);
    assert.equal(f.state, 'PENDING');
  });

  test('a signal that never aborts does not stop the result', async (t) => {
    const f = new Future<number>();
    const controller = new AbortController();
    const p = f.result({ signal: controller.signal, timeout: 10_000 });
    later(t, 1, () => f.setResult(8));
    assert.equal(await p, 8);
    controller.abort(); // after settling: must not matter
    assert.equal(await p, 8);
  });

  test('bad timeout values throw TypeError/RangeError', () => {
    const f = new Future<number>();
    assert.throws(() => f.result({ timeout: -1 }), RangeError);
    assert.throws(() => f.result({ timeout: Number.NEGATIVE_INFINITY }), RangeError);
    assert.throws(() => f.result({ timeout: Number.NaN }), TypeError);
    assert.throws(() => f.result({ timeout: '10' as unknown as number }), TypeError);
    assert.throws(() => f.result({ timeout: null as unknown as number }), TypeError);
    assert.equal(f.state, 'PENDING');
  });

  test('a bad signal throws TypeError', () => {
    const f = new Future<number>();
    assert.throws(() => f.result({ signal: {} as AbortSignal }), TypeError);
  });

  test('exception() with a bad timeout throws RangeError at the call, like result()', () => {
    const f = new Future<number>();
    assert.throws(() => f.exception({ timeout: -5 }), RangeError);
    f.setResult(1);
    assert.throws(() => f.result({ timeout: -5 }), RangeError, 'checked even when already done');
  });

  test('exception() rethrows an abort even if the future succeeds during the abort', async () => {
    const controller = new AbortController();
    const f = new Future<number>();
    const pending = f.exception({ signal: controller.signal });
    controller.signal.addEventListener('abort', () => f.setResult(1));
    controller.abort();
    await assert.rejects(pending, CancelledError);
  });

  test('an onCancel hook that reports the work as started makes cancel() false and the future RUNNING', () => {
    const f = new Future<number>(() => false);
    assert.equal(f.cancel(), false);
    assert.equal(f.running(), true);
    assert.equal(f.cancelled(), false);
  });

  test('a throwing onCancel hook still settles the waiters', async () => {
    const f = new Future<number>(() => {
      throw new Error('hook failed');
    });
    const waiting = f.result();
    assert.throws(() => f.cancel(), /hook failed/);
    await assert.rejects(waiting, CancelledError);
  });
});

describe('Future.exception()', safetyNet, () => {
  test('returns the error of a failed future', async () => {
    const f = new Future<number>();
    const boom = new Error('boom');
    f.setException(boom);
    assert.equal(await f.exception(), boom);
  });

  test('returns a non-Error value that the future failed with', async () => {
    const f = new Future<number>();
    f.setException('just a string');
    assert.equal(await f.exception(), 'just a string');
    assert.equal(f.failed(), true);
  });

  test('returns undefined for a successful future', async () => {
    const f = new Future<number>();
    f.setResult(1);
    assert.equal(await f.exception(), undefined);
  });

  test('throws CancelledError for a cancelled future', async () => {
    const f = new Future<number>();
    f.cancel();
    await assert.rejects(f.exception(), CancelledError);
  });

  test('waits for a pending future', async (t) => {
    const f = new Future<number>();
    const boom = new Error('later');
    const p = f.exception();
    assert.equal(await isSettled(p), false);
    later(t, 1, () => f.setException(boom));
    assert.equal(await p, boom);
  });

  test('rejects with TimeoutError (does not return it) when the timeout passes', async () => {
    const f = new Future<number>();
    await assert.rejects(f.exception({ timeout: 1 }), TimeoutError);
    assert.equal(f.state, 'PENDING');
  });

  test('rejects with the abort reason when the signal aborts', async () => {
    const f = new Future<number>();
    const reason = new Error('aborted');
    await assert.rejects(f.exception({ signal: AbortSignal.abort(reason) }), (e) => e === reason);
  });
});

describe('Future.addDoneCallback()', safetyNet, () => {
  test('is called at once, synchronously, when the future is already done', () => {
    for (const settle of [
      (f: Future<number>) => f.setResult(1),
      (f: Future<number>) => f.setException(new Error('x')),
      (f: Future<number>) => f.cancel(),
    ]) {
      const f = new Future<number>();
      settle(f);
      const seen: Future<number>[] = [];
      f.addDoneCallback((done) => seen.push(done));
      assert.equal(seen.length, 1);
      assert.equal(seen[0], f);
    }
  });

  test('is not called while pending or running, and once on completion', () => {
    const f = new Future<number>();
    let calls = 0;
    let stateSeen: string | undefined;
    f.addDoneCallback((done) => {
      calls++;
      stateSeen = done.state;
    });
    assert.equal(calls, 0);
    f.setRunningOrNotifyCancel();
    assert.equal(calls, 0);
    f.setResult(1);
    assert.equal(calls, 1);
    assert.equal(stateSeen, 'FINISHED');
    assert.throws(() => f.setResult(2));
    assert.equal(f.cancel(), false);
    assert.equal(calls, 1);
  });

  test('is called once on cancellation, seeing the CANCELLED state', () => {
    const f = new Future<number>();
    const states: string[] = [];
    f.addDoneCallback((done) => states.push(done.state));
    f.cancel();
    f.cancel();
    assert.deepEqual(states, ['CANCELLED']);
  });

  test('is called once on failure', () => {
    const f = new Future<number>();
    const seen: boolean[] = [];
    f.addDoneCallback((done) => seen.push(done.failed()));
    f.setException(new Error('x'));
    assert.deepEqual(seen, [true]);
  });

  test('callbacks run in the order they were added', () => {
    const f = new Future<number>();
    const order: number[] = [];
    for (let i = 0; i < 5; i++) f.addDoneCallback(() => order.push(i));
    f.setResult(0);
    f.addDoneCallback(() => order.push(5));
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
  });

  test('the same function added twice is called twice', () => {
    const f = new Future<number>();
    let calls = 0;
    const fn = () => calls++;
    f.addDoneCallback(fn);
    f.addDoneCallback(fn);
    f.setResult(1);
    assert.equal(calls, 2);
  });

  test('a non-function throws TypeError', () => {
    const f = new Future<number>();
    assert.throws(() => f.addDoneCallback(undefined as unknown as () => void), TypeError);
    assert.throws(() => f.addDoneCallback('fn' as unknown as () => void), TypeError);
  });

  test('a throwing callback is reported as an ERR_CALLBACK process warning and others still run', async (t) => {
    const warnings: unknown[] = [];
    const onWarning = (w: unknown) => warnings.push(w);
    process.on('warning', onWarning);
    t.after(() => process.off('warning', onWarning));

    const f = new Future<number>();
    const thrown = new Error('callback failed');
    const order: string[] = [];
    f.addDoneCallback(() => order.push('first'));
    f.addDoneCallback(() => {
      order.push('thrower');
      throw thrown;
    });
    f.addDoneCallback(() => order.push('last'));
    assert.doesNotThrow(() => f.setResult(1));
    assert.deepEqual(order, ['first', 'thrower', 'last']);
    assert.equal(f.state, 'FINISHED');
    assert.equal(await f, 1);

    await flush();
    const ours = warnings.filter((w) => w instanceof SpindleError && w.cause === thrown);
    assert.equal(ours.length, 1);
    const warning = ours[0] as SpindleError;
    assert.equal(warning.code, 'ERR_CALLBACK');
    assert.equal(warning.cause, thrown);
  });

  test('a throwing callback on an already done future does not throw from addDoneCallback', async (t) => {
    const warnings: unknown[] = [];
    const onWarning = (w: unknown) => warnings.push(w);
    process.on('warning', onWarning);
    t.after(() => process.off('warning', onWarning));

    const f = new Future<number>();
    f.cancel();
    const thrown = new Error('late callback failed');
    assert.doesNotThrow(() =>
      f.addDoneCallback(() => {
        throw thrown;
      }),
    );
    await flush();
    const ours = warnings.filter((w) => w instanceof SpindleError && w.cause === thrown);
    assert.equal(ours.length, 1);
    assert.equal((ours[0] as SpindleError).code, 'ERR_CALLBACK');
  });
});

describe('Future and unhandled rejections', safetyNet, () => {
  test('an unobserved failed or cancelled future does not trigger unhandledRejection', async (t) => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    t.after(() => process.off('unhandledRejection', onUnhandled));

    // Failed at once, never observed.
    const failedNow = new Future<number>();
    failedNow.setException(new Error('nobody looks at me'));

    // Failed later, never observed.
    const failedLater = new Future<number>();
    failedLater.setRunningOrNotifyCancel();

    // Cancelled, never observed.
    const cancelled = new Future<number>();
    cancelled.cancel();

    // Observed only through a result() that timed out; fails afterwards.
    const timedOut = new Future<number>();
    await assert.rejects(timedOut.result({ timeout: 0 }), TimeoutError);

    // Observed only through a done callback.
    const withCallback = new Future<number>();
    withCallback.addDoneCallback(() => {});

    await flush();
    failedLater.setException(new Error('failed later'));
    timedOut.setException(new Error('failed after the timeout'));
    withCallback.setException(new Error('failed with a callback'));
    await flush();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await flush();

    assert.deepEqual(unhandled, []);
    assert.equal(failedNow.failed() && failedLater.failed() && timedOut.failed(), true);
  });
});
