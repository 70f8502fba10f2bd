import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  asCompleted,
  createTask,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  sleep,
  timeout,
  timeoutAt,
  wait,
  waitFor,
} from '../../src/asyncio/index.ts';
import { CancelledError, InvalidStateError, TimeoutError } from '../../src/errors.ts';
import { flush, safetyNet } from './helpers.ts';

describe('sleep', () => {
  test('resolves with its value; an abort rejects with the reason', safetyNet, async () => {
    assert.equal(await sleep(1, { value: 'v' }), 'v');
    const controller = new AbortController();
    const s = sleep(10_000, { signal: controller.signal });
    controller.abort();
    await assert.rejects(s, CancelledError);
    await assert.rejects(sleep(1, { signal: AbortSignal.abort(new TimeoutError()) }), TimeoutError);
    assert.throws(() => sleep(-1), RangeError);
    assert.throws(() => sleep(Number.POSITIVE_INFINITY), RangeError);
  });
});

describe('timeout scopes', () => {
  test("the scope's signal aborts with TimeoutError at the deadline", safetyNet, async () => {
    using scope = timeout(5);
    await assert.rejects(sleep(10_000, { signal: scope.signal }), TimeoutError);
    assert.equal(scope.expired(), true);
  });

  test('a disposed scope never fires; reschedule moves the deadline', safetyNet, async () => {
    {
      using scope = timeout(5);
      assert.equal(typeof scope.when(), 'number');
    }
    const scope = timeoutAt(undefined);
    assert.equal(scope.when(), undefined);
    scope.reschedule(performance.now() + 1);
    await assert.rejects(sleep(10_000, { signal: scope.signal }), TimeoutError);
    scope[Symbol.dispose]();
  });

  test(
    'reschedule after dispose or expiry throws InvalidStateError and never re-arms',
    safetyNet,
    async () => {
      const scope = timeout(10_000);
      scope[Symbol.dispose]();
      assert.throws(() => scope.reschedule(performance.now() + 1), InvalidStateError);
      assert.throws(() => scope.reschedule(performance.now() - 1), InvalidStateError);
      await sleep(5);
      assert.equal(scope.expired(), false, 'a disposed scope never expires');
      assert.equal(scope.signal.aborted, false);
      using expired = timeout(0);
      assert.throws(() => expired.reschedule(undefined), InvalidStateError);
    },
  );

  test('a deadline in the past expires the scope at once', safetyNet, async () => {
    for (const scope of [timeout(-11_000), timeout(0), timeoutAt(performance.now() - 5)]) {
      assert.equal(scope.expired(), true);
      assert.ok(scope.signal.reason instanceof TimeoutError);
      scope[Symbol.dispose]();
    }
    using later = timeout(10_000);
    later.reschedule(performance.now() - 1);
    assert.equal(later.expired(), true, 'rescheduling into the past expires it too');
    assert.throws(() => timeout(Number.NaN), TypeError);
  });

  test("a parent signal's abort reaches the scope", safetyNet, async () => {
    const parent = new AbortController();
    using scope = timeout(10_000, { signal: parent.signal });
    parent.abort(new Error('parent'));
    assert.equal(scope.signal.aborted, true);
    assert.equal(scope.expired(), false);
  });
});

describe('waitFor', () => {
  test('cancels the inner task on expiry and throws TimeoutError', safetyNet, async () => {
    const task = createTask((signal) => sleep(10_000, { signal }));
    await assert.rejects(waitFor(task, 5), TimeoutError);
    assert.equal(task.cancelled(), true, 'the inner task was cancelled');
  });

  test('gives the value when in time; a function runs as a task', safetyNet, async () => {
    assert.equal(await waitFor((signal) => sleep(1, { signal, value: 'ok' }), 5000), 'ok');
    assert.equal(await waitFor(Promise.resolve(2), undefined), 2);
    await assert.rejects(waitFor(new Promise(() => {}), 5), TimeoutError);
  });

  test('a timeout of 0 or less never starts a function and throws TimeoutError', safetyNet, async () => {
    for (const ms of [0, -1, Number.NEGATIVE_INFINITY]) {
      let started = false;
      await assert.rejects(
        waitFor(() => {
          started = true;
          return 1;
        }, ms),
        TimeoutError,
      );
      assert.equal(started, false, `ms = ${ms}: the function never ran`);
    }
    const done = createTask(() => 'done');
    await done;
    assert.equal(await waitFor(done, 0), 'done', 'a task already done gives its value');
    const pending = createTask((signal) => sleep(10_000, { signal }));
    await assert.rejects(waitFor(pending, -5), TimeoutError);
    assert.equal(pending.cancelled(), true);
    assert.throws(() => waitFor(() => 1, Number.NaN), TypeError);
  });

  test('a task that ignores the cancellation still gives its value', safetyNet, async () => {
    const stubborn = createTask(() => sleep(15, { value: 'late' }));
    assert.equal(await waitFor(stubborn, 1), 'late');
  });

  test("an aborted signal cancels the task and rejects with the signal's reason", safetyNet, async () => {
    const controller = new AbortController();
    const task = createTask((signal) => sleep(10_000, { signal }));
    const waiting = waitFor(task, undefined, { signal: controller.signal });
    controller.abort(new Error('caller gave up'));
    await assert.rejects(waiting, /caller gave up/);
    await assert.rejects(task, CancelledError);
  });
});

describe('wait and asCompleted', () => {
  test('wait FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED and timeout', safetyNet, async () => {
    const fast = createTask(() => sleep(1, { value: 1 }));
    const slow = createTask((signal) => sleep(10_000, { signal, value: 2 }));
    const first = await wait([fast, slow], { returnWhen: FIRST_COMPLETED });
    assert.deepEqual([...first.done], [fast]);
    assert.deepEqual([...first.pending], [slow]);
    const cancelled = createTask((signal) => sleep(10_000, { signal }));
    cancelled.cancel();
    const failing = createTask(() => sleep(5).then(() => Promise.reject(new Error('x'))));
    const exc0 = await wait([cancelled, failing], { returnWhen: FIRST_EXCEPTION });
    assert.deepEqual(new Set(exc0.done), new Set([cancelled, failing]), 'a cancellation is not an exception');
    const exc = await wait([failing, slow], { returnWhen: FIRST_EXCEPTION });
    assert.deepEqual([...exc.done], [failing]);
    const timedOut = await wait([slow], { timeout: 5 });
    assert.equal(timedOut.pending.size, 1, 'a timeout is not an error');
    slow.cancel();
    const all = await wait([fast, slow]);
    assert.equal(all.done.size, 2);
    assert.throws(() => wait([Promise.resolve(1)] as never), TypeError);
  });

  test('asCompleted yields tasks in completion order, wrapping promises', safetyNet, async () => {
    const order: unknown[] = [];
    const late = createTask(() => sleep(20, { value: 'late' }));
    for await (const t of asCompleted<string>([late, sleep(1, { value: 'early' })])) order.push(await t);
    assert.deepEqual(order, ['early', 'late']);
  });

  test('asCompleted throws TimeoutError with tasks still pending', safetyNet, async () => {
    const never = createTask((signal) => sleep(10_000, { signal }));
    const it = asCompleted([never], { timeout: 5 });
    await assert.rejects(it.next(), TimeoutError);
    never.cancel();
    await flush();
  });
});
