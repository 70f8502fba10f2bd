/**
 * The shared-memory value codec: whatever it writes reads back exactly as a structured clone
 * would give it, and everything whose clone could differ is refused (the batch then goes by
 * postMessage).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decode, encode, MAX_STRING, type RingViews } from '../../src/wire/ring-codec.ts';

const buffer = new SharedArrayBuffer(1 << 16);
const views: RingViews = {
  i32: new Int32Array(buffer),
  f64: new Float64Array(buffer),
  u16: new Uint16Array(buffer),
};

/** Encodes at word `at` (odd and even, to cover the doubles' alignment) and decodes. */
function roundTrip(value: unknown, at = 3): unknown {
  const end = encode(views, value, at, views.i32.length);
  assert.ok(end > at, `encodes ${String(value)}`);
  const cursor: [number] = [0];
  const back = decode(views, at, cursor);
  assert.equal(cursor[0], end, 'decode ends where encode ended');
  return back;
}

const refused = (value: unknown) => encode(views, value, 0, views.i32.length) === -1;

describe('ring codec', () => {
  test('reads back what structuredClone gives', () => {
    const values: unknown[] = [
      0,
      -0,
      1,
      -1,
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 31,
      0.1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.MIN_VALUE,
      '',
      'a',
      'abc',
      'é日本\u{1F600}',
      '\uD800 lone surrogate \uDFFF',
      'x'.repeat(MAX_STRING),
      true,
      false,
      null,
      undefined,
      [],
      [1, 'two', [3, [4.5, null]], undefined],
      {},
      { a: 1, b: { c: 'd', e: [true, false] }, '': 0, 10: 'ten', 2: 'two' },
      JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'),
      {
        get computed() {
          return 42;
        },
      },
    ];
    for (const at of [3, 4]) {
      for (const value of values) {
        const back = roundTrip(value, at);
        assert.deepStrictEqual(back, structuredClone(value));
        if (typeof value === 'number') assert.ok(Object.is(back, value), `${value} exactly`);
      }
    }
  });

  test('an own __proto__ key stays a property and does not set the prototype', () => {
    const back = roundTrip(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
    assert.deepEqual(Object.keys(back), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('refuses what a clone could give differently', () => {
    const shared = { n: 1 };
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const sparse = new Array<number>(3);
    sparse[0] = 1;
    const extra = Object.assign([1, 2], { label: 'x' });
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = [deep];
    for (const value of [
      new Map(),
      new Set([1]),
      new Date(0),
      /re/,
      new Uint8Array(4),
      new ArrayBuffer(4),
      new SharedArrayBuffer(4),
      new Error('e'),
      new (class Point {
        x = 1;
      })(),
      Object.create(null),
      new Proxy({}, {}),
      new Proxy([], {}),
      sparse,
      extra,
      [shared, shared],
      cyclic,
      deep,
      'x'.repeat(MAX_STRING + 1),
      1n,
      Symbol('s'),
      () => 1,
      Object(1),
    ]) {
      assert.ok(refused(value), `refuses ${Object.prototype.toString.call(value)}`);
    }
  });

  test('a getter that throws is refused (postMessage then reports the error)', () => {
    assert.ok(
      refused({
        get bad() {
          throw new Error('no');
        },
      }),
    );
  });

  test('never writes at or past the end it is given', () => {
    views.i32.fill(-7, 0, 64);
    const value = { list: [1, 2, 3], text: 'hello world', n: 0.5 };
    const needed = encode(views, value, 0, 64);
    for (let end = 0; end < needed; end++) {
      views.i32.fill(-7, 0, 64);
      assert.equal(encode(views, value, 0, end), -1, `too small at ${end}`);
      assert.ok(
        views.i32.subarray(end, 64).every((w) => w === -7),
        `nothing written past ${end}`,
      );
    }
  });
});
