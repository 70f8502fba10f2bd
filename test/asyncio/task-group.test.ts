import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTask, ExceptionGroup, sleep, TaskGroup } from '../../src/asyncio/index.ts';
import { CancelledError, InvalidStateError } from '../../src/errors.ts';
import { flush, safetyNet } from './helpers.ts';

const failAfter = (ms: number, message: string) => async (signal: AbortSignal) => {
  await sleep(ms, { signal });
  throw new Error(message);
};

describe('TaskGroup', () => {
  test('await using waits for every task', safetyNet, async () => {
    const finished: string[] = [];
    {
      await using tg = new TaskGroup();
      tg.createTask(async (signal) => finished.push(await sleep(20, { signal, value: 'slow' })));
      tg.createTask(async (signal) => finished.push(await sleep(5, { signal, value: 'fast' })));
    }
    assert.deepEqual(finished, ['fast', 'slow']);
  });

  test('the first failure cancels the siblings; the error carries every failure', safetyNet, async () => {
    let siblingSawAbort = false;
    const error = await TaskGroup.run(async (tg) => {
      tg.createTask(failAfter(5, 'A'));
      tg.createTask(async () => {
        throw new Error('B');
      });
      tg.createTask(async (signal) => {
        try {
          await sleep(10_000, { signal });
        } finally {
          siblingSawAbort = signal.aborted;
        }
      });
    }).catch((e: unknown) => e);
    assert.ok(error instanceof ExceptionGroup, 'an ExceptionGroup was thrown');
    assert.ok(error instanceof AggregateError, 'which is an AggregateError');
    assert.equal(error.code, 'ERR_EXCEPTION_GROUP');
    const messages = error.errors.map((e: Error) => e.message).sort();
    assert.deepEqual(
      messages,
      ['B'],
      'A was cancelled before it failed; the sleeper was cancelled, not failed',
    );
    assert.equal(siblingSawAbort, true);
  });

  test('failures that happen despite the cancellation are all collected', safetyNet, async () => {
    const error = await TaskGroup.run((tg) => {
      for (const name of ['x', 'y', 'z']) {
        tg.createTask(async () => {
          await sleep(2); // ignores the signal: it fails anyway
          throw new Error(name);
        });
      }
    }).catch((e: unknown) => e);
    assert.ok(error instanceof ExceptionGroup, 'an ExceptionGroup was thrown');
    assert.deepEqual(error.exceptions.map((e) => (e as Error).message).sort(), ['x', 'y', 'z']);
  });

  test("TaskGroup.run includes the body's own error and cancels the tasks at once", safetyNet, async () => {
    let cancelled = false;
    const error = await TaskGroup.run(async (tg) => {
      const t = tg.createTask((signal) => sleep(10_000, { signal }));
      t.addDoneCallback(() => {
        cancelled = t.cancelled();
      });
      await flush();
      throw new Error('body');
    }).catch((e: unknown) => e);
    assert.ok(error instanceof ExceptionGroup, 'an ExceptionGroup was thrown');
    assert.equal((error.errors[0] as Error).message, 'body');
    assert.equal(cancelled, true);
  });

  test('nested groups: an inner failure propagates out through the outer group', safetyNet, async () => {
    let outerSiblingCancelled = false;
    const error = await TaskGroup.run((outer) => {
      const sibling = outer.createTask((signal) => sleep(10_000, { signal }));
      sibling.addDoneCallback(() => {
        outerSiblingCancelled = sibling.cancelled();
      });
      outer.createTask(() =>
        TaskGroup.run((inner) => {
          inner.createTask(failAfter(2, 'deep'));
          inner.createTask((signal) => sleep(10_000, { signal }));
        }),
      );
    }).catch((e: unknown) => e);
    assert.ok(error instanceof ExceptionGroup, 'outer ExceptionGroup');
    const nested = error.errors[0];
    assert.ok(nested instanceof ExceptionGroup, 'holding the inner ExceptionGroup');
    assert.equal((nested.errors[0] as Error).message, 'deep');
    assert.equal(outerSiblingCancelled, true);
  });

  test("cancelling the parent task cancels the group's tasks and the group rethrows", safetyNet, async () => {
    const children: string[] = [];
    const parent = createTask(async () => {
      await using tg = new TaskGroup(); // picks up the parent task's signal
      for (const name of ['a', 'b']) {
        const t = tg.createTask((signal) => sleep(10_000, { signal }));
        t.addDoneCallback(() => children.push(`${name}:${t.cancelled()}`));
      }
    });
    await flush();
    parent.cancel('stop');
    await assert.rejects(parent, (e) => e instanceof CancelledError && e.message === 'stop');
    assert.deepEqual(children.sort(), ['a:true', 'b:true']);
    assert.equal(parent.cancelled(), true);
  });

  test('an explicit parent signal that aborts cancels the group', safetyNet, async () => {
    const controller = new AbortController();
    const run = TaskGroup.run((tg) => tg.createTask((signal) => sleep(10_000, { signal })), {
      signal: controller.signal,
    });
    await flush();
    controller.abort();
    await assert.rejects(run, CancelledError);
  });

  test('createTask after close or while shutting down throws InvalidStateError', safetyNet, async () => {
    const tg = new TaskGroup();
    await tg[Symbol.asyncDispose]();
    assert.throws(() => tg.createTask(() => 1), InvalidStateError);
    await TaskGroup.run(async (g) => {
      g.createTask(() => {
        throw new Error('x');
      });
      await flush();
      assert.throws(() => g.createTask(() => 1), InvalidStateError);
    }).catch(() => undefined);
  });

  test("a task's failure cancels the body too, through the group's signal", safetyNet, async () => {
    let bodySawAbort = false;
    const error = await TaskGroup.run(async (tg, signal) => {
      assert.equal(signal, tg.signal);
      tg.createTask(failAfter(1, 'child'));
      try {
        await sleep(10_000, { signal });
      } finally {
        bodySawAbort = signal.aborted;
      }
    }).catch((e: unknown) => e);
    assert.equal(bodySawAbort, true, 'the body was cancelled');
    assert.ok(error instanceof ExceptionGroup, 'an ExceptionGroup was thrown');
    assert.deepEqual(
      error.errors.map((e) => (e as Error).message),
      ['child'],
      "the body's CancelledError is not a failure",
    );
  });

  test(
    'a group in the body of another is cancelled with it; only the real failure is reported',
    safetyNet,
    async () => {
      let innerChildCancelled = false;
      const error = await TaskGroup.run(async (outer) => {
        outer.createTask(async () => {
          await flush();
          throw new RangeError('outer child');
        });
        await TaskGroup.run((inner) => {
          const t = inner.createTask((signal) => sleep(10_000, { signal }));
          t.addDoneCallback(() => {
            innerChildCancelled = t.cancelled();
          });
        });
      }).catch((e: unknown) => e);
      assert.equal(innerChildCancelled, true, "the inner group's child was cancelled");
      assert.ok(error instanceof ExceptionGroup, 'an ExceptionGroup was thrown');
      assert.equal(error.errors.length, 1);
      assert.ok(error.errors[0] instanceof RangeError);
    },
  );

  test('tg.signal aborts for an `await using` group too', safetyNet, async () => {
    const tg = new TaskGroup();
    assert.equal(tg.signal.aborted, false);
    tg.createTask(() => {
      throw new Error('x');
    });
    await flush();
    assert.ok(tg.signal.reason instanceof CancelledError);
    await assert.rejects(tg[Symbol.asyncDispose](), ExceptionGroup);
  });
});
