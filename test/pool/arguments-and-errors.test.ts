import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SpindleError, ThreadPoolExecutor } from '../../src/index.ts';
import { byteLength, echo, fail, failWithTypeError, returnFunction } from '../fixtures/tasks.ts';

describe('arguments', () => {
  test('structured-clone values round-trip', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const value = {
      date: new Date(0),
      big: 10n ** 20n,
      map: new Map([['a', [1, 2]]]),
      set: new Set([1, 'x']),
      bytes: new Uint8Array([1, 2, 3]),
      nested: { list: [null, undefined, -0, Number.NaN] },
      error: new RangeError('as data'),
    };
    assert.deepEqual(await pool.submit(echo, value), value);
  });

  test('values that cannot be cloned are rejected at submit with a TypeError naming the argument', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    class Point {
      #secret = 1;
      constructor(readonly x: number) {}
      get secret() {
        return this.#secret;
      }
    }
    assert.throws(() => pool.submit(echo, () => 1), /argument 1 is a function/);
    assert.throws(
      () => pool.submit(echo, { deep: [1, { fn: Math.max }] }),
      /argument 1\.deep\[1\]\.fn is a function/,
    );
    assert.throws(() => pool.submit(echo, Symbol('s')), /argument 1 is a Symbol/);
    assert.throws(() => pool.submit(echo, new Point(1)), /argument 1 is an instance of Point/);
    assert.throws(() => pool.submit(echo, new WeakMap()), TypeError);
    assert.equal(pool.stats().queued, 0);
  });

  test('transfer moves an ArrayBuffer instead of copying it', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const buffer = new ArrayBuffer(1 << 20);
    const f = pool.submitWith({ transfer: [buffer] }, byteLength, buffer);
    assert.equal(await f, 1 << 20);
    assert.equal(buffer.byteLength, 0, 'the sender no longer owns the buffer');
  });

  test('a result that cannot be cloned fails that task only', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const bad = pool.submit(returnFunction);
    const good = pool.submit(echo, 'fine');
    await assert.rejects(bad.result(), /result cannot be sent back/);
    assert.equal(await good, 'fine');
  });
});

describe('errors keep their identity across the thread boundary', () => {
  test('class, message, code, cause and remote stack', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const error = (await pool.submit(fail, 'boom').exception()) as SpindleError;
    assert.ok(error instanceof SpindleError, 'error instanceof SpindleError');
    assert.equal(error.name, 'SpindleError');
    assert.equal(error.message, 'boom');
    assert.equal(error.code, 'ERR_APP');
    assert.ok(error.cause instanceof RangeError, 'error.cause instanceof RangeError');
    assert.equal((error.cause as Error).message, 'inner cause');
    assert.match(String(error.stack), /fixtures\/tasks\.ts/);
    const typeError = await pool.submit(failWithTypeError).exception();
    assert.ok(typeError instanceof TypeError, 'typeError instanceof TypeError');
    assert.equal((typeError as Error).message, 'bad type inside task');
  });
});
