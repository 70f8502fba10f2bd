import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  deserializeError,
  ProcessPoolExecutor,
  SpindleError,
  serializeError,
  ThreadPoolExecutor,
} from '../../src/index.ts';
import { throwHostile, whereAmI } from '../fixtures/hostile-error-tasks.ts';

/** What each kind of hostile error must still carry once it has crossed. */
const expected = {
  message:
    /a RangeError could not cross as it is: reading its "message" threw Error: the message getter exploded/,
  property:
    /a RangeError \(message: readable message\) could not cross .*"detail" threw Error: the property getter/,
  name: /an Error \(message: readable message\) could not cross .*its "name" threw Error: the name getter exploded/,
  stack:
    /a RangeError \(message: readable message\) could not cross .*its "stack" threw Error: the stack getter/,
  proxy: /an Error could not cross as it is: reading its prototype threw Error: the proxy getter exploded/,
} as const;

for (const Executor of [ThreadPoolExecutor, ProcessPoolExecutor]) {
  describe(`${Executor.name}: an error with a throwing getter`, () => {
    for (const [kind, message] of Object.entries(expected)) {
      test(`(${kind}) rejects the future with a stand-in and the same worker runs the next task`, async () => {
        await using pool = new Executor({ maxWorkers: 1 });
        const before = await pool.submit(whereAmI);
        const error = await pool.submit(throwHostile, kind as keyof typeof expected).exception();
        assert.ok(error instanceof SpindleError, String(error));
        assert.equal(error.code, 'ERR_UNREADABLE_ERROR', error.message);
        assert.match(error.message, message);
        assert.deepEqual(await pool.submit(whereAmI), before, 'the same worker ran the next task');
        assert.equal(pool.stats().failed, 1);
      });
    }

    test('an inline task that throws a Proxy gets a stand-in too', async () => {
      await using pool = new Executor({ maxWorkers: 1 });
      const before = await pool.submit(whereAmI);
      const error = await pool
        .submit(() => {
          throw new Proxy(new ReferenceError('x is not defined'), {
            getPrototypeOf() {
              throw new Error('trapped');
            },
          });
        })
        .exception();
      assert.equal((error as SpindleError).code, 'ERR_UNREADABLE_ERROR', String(error));
      assert.deepEqual(await pool.submit(whereAmI), before, 'the same worker ran the next task');
    });
  });
}

describe('serializeError never throws', () => {
  test('the stand-in keeps the readable stack frames, cause and primitive properties', () => {
    const error = new TypeError('outer', { cause: new Error('inner') });
    Object.defineProperty(error, 'status', { value: 503, enumerable: true });
    Object.defineProperty(error, 'secret', {
      enumerable: true,
      get() {
        throw 'not even an Error';
      },
    });
    const revived = deserializeError(structuredClone(serializeError(error)));
    assert.ok(revived instanceof SpindleError, String(revived));
    assert.match(
      revived.message,
      /^a TypeError \(message: outer\) could not cross as it is: reading its "secret" threw not even an Error$/,
    );
    assert.match(
      String(revived.stack),
      /^SpindleError: a TypeError[^\n]*\n {4}at .*hostile-errors\.test\.ts/,
    );
    assert.equal((revived.cause as Error).message, 'inner');
    assert.equal((revived as unknown as { status: number }).status, 503);
  });

  test('a getter whose own error is unreadable, and a hostile cause', () => {
    const unreadable = new Proxy(
      {},
      {
        get() {
          throw new Error('again');
        },
        getPrototypeOf() {
          throw new Error('again');
        },
      },
    );
    const error = new Error('outer');
    Object.defineProperty(error, 'message', {
      get() {
        throw unreadable;
      },
    });
    const data = serializeError(new Error('top', { cause: error }));
    assert.equal(data.message, 'top');
    const cause = deserializeError(structuredClone(data)).cause as SpindleError;
    assert.equal(cause.code, 'ERR_UNREADABLE_ERROR');
    assert.match(cause.message, /reading its "message" threw a value that cannot be read$/);
  });
});
