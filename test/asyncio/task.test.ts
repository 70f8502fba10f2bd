import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTask, currentTask, gather, shield, sleep, Task } from '../../src/asyncio/index.ts';
import { CancelledError, InvalidStateError } from '../../src/errors.ts';
import { flush, safetyNet } from './helpers.ts';

describe('asyncio tasks', () => {
  test('a task starts on the next microtask and is awaitable', safetyNet, async () => {
    const log: string[] = [];
    const task = createTask(async () => {
      log.push('ran');
      return 42;
    });
    log.push('created');
    assert.ok(task instanceof Task, 'createTask returns a Task');
    assert.equal(task.done(), false);
    assert.throws(() => task.result(), InvalidStateError);
    assert.equal(await task, 42);
    assert.deepEqual(log, ['created', 'ran']);
    assert.equal(task.done(), true);
    assert.equal(task.result(), 42);
    assert.equal(task.exception(), undefined);
    assert.match(task.name, /^Task-\d+$/);
  });

  test('cancel() aborts the signal; the task ends cancelled with the reason', safetyNet, async () => {
    const task = createTask((signal) => sleep(10_000, { signal }), { name: 'sleeper' });
    await flush();
    assert.equal(task.cancel('enough'), true);
    await assert.rejects(task, (e) => e instanceof CancelledError && e.message === 'enough');
    assert.equal(task.cancelled(), true);
    assert.throws(() => task.exception(), CancelledError);
    assert.equal(task.cancel(), false, 'a done task cannot be cancelled');
  });

  test('a task cancelled before it starts never runs', safetyNet, async () => {
    let ran = false;
    const task = createTask(() => {
      ran = true;
    });
    task.cancel();
    await assert.rejects(task, CancelledError);
    assert.equal(ran, false);
  });

  test('work that ignores the cancellation still returns its value', safetyNet, async () => {
    const task = createTask(async () => {
      await sleep(5);
      return 'finished anyway';
    });
    await flush(); // started
    task.cancel();
    assert.equal(await task, 'finished anyway');
    assert.equal(task.cancelled(), false);
  });

  test('failures: sync throw and rejection; exception() returns the error', safetyNet, async () => {
    const boom = new Error('boom');
    const sync = createTask(() => {
      throw boom;
    });
    const async_ = createTask(async () => Promise.reject(boom));
    await assert.rejects(sync, (e) => e === boom);
    await assert.rejects(async_, (e) => e === boom);
    assert.equal(sync.exception(), boom);
    assert.throws(
      () => async_.result(),
      (e) => e === boom,
    );
  });

  test('an unawaited failed task raises no unhandledRejection', safetyNet, async () => {
    let unhandled = 0;
    const onUnhandled = () => unhandled++;
    process.on('unhandledRejection', onUnhandled);
    createTask(() => Promise.reject(new Error('ignored')));
    await flush();
    await flush();
    process.off('unhandledRejection', onUnhandled);
    assert.equal(unhandled, 0);
  });

  test('currentTask() is the running task across awaits, undefined outside', safetyNet, async () => {
    assert.equal(currentTask(), undefined);
    const task = createTask(
      async () => {
        await sleep(1);
        return currentTask()?.name;
      },
      { name: 'worker-1' },
    );
    assert.equal(await task, 'worker-1');
  });

  test('addDoneCallback runs once done, at once if already done', safetyNet, async () => {
    const task = createTask(() => 1);
    const seen: string[] = [];
    task.addDoneCallback((t) => seen.push(`a:${t.result()}`));
    await task;
    task.addDoneCallback(() => seen.push('b'));
    assert.deepEqual(seen, ['a:1', 'b']);
  });

  test('bad arguments throw at the call', () => {
    assert.throws(() => createTask(42 as never), TypeError);
    assert.throws(() => createTask(() => 1, { name: 3 as never }), TypeError);
  });
});

describe('gather', () => {
  test('resolves with every value in order', safetyNet, async () => {
    const values = await gather(
      sleep(10, { value: 'slow' }),
      Promise.resolve(1),
      createTask(() => true),
    );
    assert.deepEqual(values, ['slow', 1, true]);
    assert.deepEqual(await gather(), []);
  });

  test('the first error rejects it and the siblings keep running', safetyNet, async () => {
    const sibling = createTask((signal) => sleep(20, { signal, value: 'done' }));
    await assert.rejects(gather(sibling, Promise.reject(new Error('first'))), /first/);
    assert.equal(await sibling, 'done', 'the sibling was not cancelled');
  });

  test('returnExceptions puts errors among the values', safetyNet, async () => {
    const err = new Error('x');
    const cancelled = createTask(() => sleep(1));
    cancelled.cancel();
    const out = await gather(Promise.reject(err), Promise.resolve(2), cancelled, { returnExceptions: true });
    assert.equal(out[0], err);
    assert.equal(out[1], 2);
    assert.ok((out[2] as unknown) instanceof CancelledError, 'a cancelled task gives its CancelledError');
  });

  test('non-awaitables and unknown options are TypeErrors', () => {
    assert.throws(() => gather(1 as never), TypeError);
    assert.throws(() => gather(Promise.resolve(1), { returnExeptions: true } as never), TypeError);
  });
});

describe('shield', () => {
  test('cancelling the shield leaves the inner task running', safetyNet, async () => {
    const inner = createTask((signal) => sleep(20, { signal, value: 'saved' }));
    const outer = shield(inner);
    await flush();
    outer.cancel();
    await assert.rejects(outer, CancelledError);
    assert.equal(await inner, 'saved');
    assert.equal(await shield(Promise.resolve(3)), 3);
    assert.throws(() => shield(3 as never), TypeError);
  });
});
