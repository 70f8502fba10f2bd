import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  decodeFailure,
  decodeValue,
  encodeFailure,
  encodeValue,
  JobTooLargeError,
} from '../../src/distributed/index.ts';
import { SpindleError, TimeoutError } from '../../src/index.ts';

test('the codec round-trips Dates, BigInt, bytes, Map/Set and nested errors with code and cause', () => {
  const error = Object.assign(new RangeError('bad', { cause: new TypeError('root') }), { code: 'ERR_X' });
  const value = {
    date: new Date(0),
    big: -(2n ** 100n),
    buffer: Buffer.from('héllo'),
    bytes: new Float64Array([1.5, Number.NaN]),
    map: new Map<unknown, unknown>([[1, new Set(['a', error])]]),
    list: [undefined, null, Number.POSITIVE_INFINITY, error],
  };
  const back = decodeValue(encodeValue(value, 'v')) as typeof value;
  assert.deepEqual(back.date, value.date);
  assert.equal(back.big, value.big);
  assert.ok(Buffer.isBuffer(back.buffer), 'a Buffer comes back as a Buffer');
  assert.equal(back.buffer.toString(), 'héllo');
  assert.ok(
    back.bytes instanceof Float64Array && Number.isNaN(back.bytes[1]),
    'typed arrays keep their type',
  );
  const revived = back.list[3] as RangeError & { code: string };
  assert.ok(revived instanceof RangeError, 'nested error keeps its class');
  assert.equal(revived.code, 'ERR_X');
  assert.ok(revived.cause instanceof TypeError, 'and its cause');
  const inSet = [...(back.map.get(1) as Set<unknown>)][1];
  assert.ok(inSet instanceof RangeError, 'errors inside Sets are revived');
  assert.equal(value.list[3], error, 'encoding does not modify the caller value');
});

test('property: any JSON-like value with dates and bigints round-trips', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        // (invalid Dates are left out: assert.deepEqual cannot match them inside a Set)
        fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true }),
        fc.array(fc.date({ noInvalidDate: true })).map((dates) => ({ dates, set: new Set(dates) })),
      ),
      (value) => {
        assert.deepEqual(decodeValue(encodeValue(value, 'v')), value);
      },
    ),
    { numRuns: 300 },
  );
});

test('plain data is stored as JSON text; what JSON would change goes through v8.serialize', () => {
  assert.equal(encodeValue([1, 'a', { b: [true, null] }], 'v'), '[1,"a",{"b":[true,null]}]');
  const shared = { x: 1 };
  const withExtra = Object.assign([1, 2], { extra: 'kept' });
  const holey = [1, 2, 3];
  delete holey[1]; // a hole
  const cases: unknown[] = [
    [-0],
    [Number.NaN, Number.POSITIVE_INFINITY],
    [undefined],
    { a: undefined },
    holey,
    withExtra,
    [shared, shared],
    new Date(0),
    [10n],
  ];
  for (const value of cases) {
    const text = encodeValue(value, 'v');
    assert.ok(text.startsWith('/'), `${String(text)} should be v8 (base64) text`);
    const back = decodeValue(text);
    assert.deepEqual(back, value);
    if (Array.isArray(value) && value[0] === shared) {
      const [a, b] = back as object[];
      assert.ok(a === b, 'a shared reference stays shared');
    }
  }
  assert.equal((decodeValue(encodeValue(withExtra, 'v')) as typeof withExtra).extra, 'kept');
  assert.throws(() => encodeValue(['x'.repeat(100)], 'the arguments', 50), JobTooLargeError);
});

test('property: every value comes back as the structured clone would give it', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.anything({ withNullPrototype: true, withSparseArray: true }), (a, b) => {
      for (const value of [a, b])
        assert.deepEqual(decodeValue(encodeValue(value, 'v')), structuredClone(value));
    }),
    { numRuns: 300 },
  );
});

test('size cap and uncloneable values fail with clear errors', () => {
  assert.throws(
    () => encodeValue(new Uint8Array(100), 'the arguments', 50),
    (e: unknown) => {
      assert.ok(e instanceof JobTooLargeError, 'JobTooLargeError');
      assert.equal(e.code, 'ERR_JOB_TOO_LARGE');
      assert.match(e.message, /the arguments is \d+ bytes/);
      return true;
    },
  );
  assert.throws(() => encodeValue({ f() {} }, 'the arguments'), /cannot be sent over Redis/);
});

test('failures keep class, code and cause; foreign reasons become ERR_JOB_FAILED', () => {
  const reason = encodeFailure(new TimeoutError('too slow', { cause: new Error('why') }));
  assert.match(reason, /^TimeoutError: too slow\n/);
  const error = decodeFailure(reason);
  assert.ok(error instanceof TimeoutError, 'TimeoutError revived');
  assert.equal((error.cause as Error).message, 'why');
  const foreign = decodeFailure('job stalled more than allowable limit', '42');
  assert.ok(foreign instanceof SpindleError, 'SpindleError');
  assert.equal((foreign as SpindleError).code, 'ERR_JOB_FAILED');
  assert.match(foreign.message, /job 42 failed: job stalled/);
});
