import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { serialize } from 'node:v8';
import fc from 'fast-check';
import { QueueFull } from '../../src/errors.ts';
import { LifoQueue, PriorityQueue, Queue, SimpleQueue } from '../../src/queue/index.ts';
import {
  encodeItem,
  T_BIGINT,
  T_FALSE,
  T_JSON,
  T_NULL,
  T_NUMBER,
  T_STRING,
  T_TRUE,
  T_UNDEFINED,
  T_V8,
} from '../../src/queue/item-codec.ts';
import { recordBytes } from '../../src/queue/layout.ts';

/** Every tag, with items that must take it. */
const CASES: [number, unknown[]][] = [
  [T_UNDEFINED, [undefined]],
  [T_NULL, [null]],
  [T_FALSE, [false]],
  [T_TRUE, [true]],
  [
    T_NUMBER,
    [
      0,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1.5,
      -123456789,
      2 ** 31,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_VALUE,
      Number.MAX_VALUE,
    ],
  ],
  [T_BIGINT, [0n, -1n, 42n, 2n ** 63n - 1n, -(2n ** 63n)]],
  [
    T_STRING,
    ['', 'a', 'plain ascii', 'héllo wörld', '€ 中文 ✓', '😀 emoji 🧵', '\u0000nul inside', 'x'.repeat(5000)],
  ],
  [
    T_JSON,
    [
      {},
      [],
      { id: 1, name: 'item-1', tags: ['alpha', 'beta'], score: 0.5, ok: true },
      [1, 'two', null, [false, { deep: ['é😀'] }]],
      { s: 'lone \ud800 surrogate inside', n: -1.5e-300, big: 1e21 },
    ],
  ],
  [
    T_V8,
    [
      2n ** 63n,
      -(2n ** 63n) - 1n,
      '\ud800 lone surrogate',
      'trailing lone \udc00',
      { minusZero: -0 },
      { nan: Number.NaN },
      { missing: undefined },
      [1, undefined],
      // biome-ignore lint/suspicious/noSparseArray: a hole is the point
      [1, , 3],
      Object.assign([1, 2], { extra: true }),
      { when: new Date(0) },
      { big: 1n },
      Object.create(null),
      new Map([[1, 'a']]),
      new Date(0),
    ],
  ],
];

describe('queue item encodings', () => {
  it('chooses the expected tag for each kind of item, and v8 bytes exactly for the rest', {
    timeout: 10_000,
  }, () => {
    for (const [tag, items] of CASES) {
      for (const item of items) {
        const encoded = encodeItem(item);
        assert.equal(encoded.tag, tag, `tag of ${inspect(item)}`);
        if (tag === T_V8)
          assert.equal(encoded.valueBytes, serialize(item).length, 'v8 items keep their size');
        if (tag === T_STRING) {
          assert.equal(
            encoded.valueBytes,
            1 + Buffer.byteLength(item as string),
            'a string takes 1 + its UTF-8',
          );
        }
      }
    }
  });

  it('round-trips every tag through each kind of queue, -0 and NaN included', {
    timeout: 10_000,
  }, async () => {
    const items = CASES.flatMap(([, list]) => list);
    for (const q of [new Queue<unknown>(), new LifoQueue<unknown>(), new SimpleQueue<unknown>()]) {
      for (const item of items) q.putNowait(item);
      const got: unknown[] = [];
      while (!q.empty()) got.push(await q.get());
      if (q instanceof LifoQueue) got.reverse();
      assert.equal(got.length, items.length, `${q.constructor.name} returns every item`);
      for (let i = 0; i < items.length; i++)
        assert.deepEqual(got[i], structuredClone(items[i]), `${q.constructor.name} item ${i}`);
      const zero = got[items.findIndex((x) => Object.is(x, -0))];
      assert.ok(Object.is(zero, -0), `${q.constructor.name}: -0 stays -0, got ${String(zero)}`);
      assert.ok(
        Number.isNaN(got[items.findIndex((x) => Number.isNaN(x))]),
        `${q.constructor.name}: NaN stays NaN`,
      );
    }
  });

  it('gives back exactly what structured clone would, for any value', { timeout: 60_000 }, () => {
    const q = new Queue<unknown>();
    const value = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withTypedArray: true,
      withSparseArray: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(value, (item) => {
        // deepStrictEqual finds two invalid Dates unequal (NaN times), so leave those out.
        fc.pre(!inspect(item, { depth: null }).includes('Invalid Date'));
        q.putNowait(item);
        assert.deepStrictEqual(q.getNowait(), structuredClone(item), 'same as structuredClone');
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps shared references and cycles (they go through v8)', { timeout: 10_000 }, () => {
    const q = new Queue<unknown>();
    const shared = ['x'];
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    q.putNowait({ a: shared, b: shared });
    q.putNowait(cyclic);
    const got = q.getNowait() as { a: unknown; b: unknown };
    assert.ok(got.a === got.b, 'a reference held twice arrives as one object');
    const loop = q.getNowait() as Record<string, unknown>;
    assert.ok(loop.self === loop, 'a cycle arrives as a cycle');
  });

  it('round-trips numbers, bigints and strings in a PriorityQueue, in key order', { timeout: 10_000 }, () => {
    const numbers = new PriorityQueue<number | bigint>();
    for (const x of [3, -0, 2n ** 63n - 1n, -1.5, 7n, Number.NEGATIVE_INFINITY]) numbers.putNowait(x);
    const got = [];
    while (!numbers.empty()) got.push(numbers.getNowait());
    assert.deepEqual(got, [Number.NEGATIVE_INFINITY, -1.5, -0, 3, 7n, 2n ** 63n - 1n]);
    const strings = new PriorityQueue<string>();
    for (const s of ['b', '', 'é', 'a😀', 'a']) strings.putNowait(s);
    const texts = [];
    while (!strings.empty()) texts.push(strings.getNowait());
    assert.deepEqual(texts, ['', 'a', 'a😀', 'b', 'é']);
  });

  it('large strings survive many trips around a small ring (records placed across the wrap point)', {
    timeout: 30_000,
  }, () => {
    const CAPACITY = 4096;
    const q = new Queue<string>(0, { capacityBytes: CAPACITY });
    const pending: string[] = [];
    const units = ['a', 'é', '€', '😀'];
    for (let round = 0; round < 2000; round++) {
      const unit = units[round % units.length]!;
      // Lengths that do not divide the ring, up to most of it, so records land everywhere.
      const text = `${round}:${unit.repeat((round * 97) % (CAPACITY / 8))}`;
      for (;;) {
        try {
          q.putNowait(text);
          break;
        } catch (error) {
          assert.ok(error instanceof QueueFull, 'a put into a full ring fails with QueueFull only');
          assert.ok(pending.length > 0, 'a put into an empty ring fits');
          assert.equal(q.getNowait(), pending.shift(), 'the oldest string comes back intact');
        }
      }
      pending.push(text);
    }
    while (pending.length > 0)
      assert.equal(q.getNowait(), pending.shift(), 'drained strings come back intact');
  });

  it('counts tagged items at their exact size against the ring, like any other item', {
    timeout: 60_000,
  }, () => {
    const CAPACITY = 1024;
    const item = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.double(),
      fc.bigInt(),
      fc.boolean(),
      fc.constantFrom(null, undefined),
      fc.array(fc.integer(), { maxLength: 10 }),
      fc.object({ maxDepth: 2 }),
      fc.jsonValue({ maxDepth: 3 }),
    );
    const ops = fc.array(
      fc.oneof(
        { arbitrary: item.map((put) => ({ put })), weight: 3 },
        { arbitrary: fc.constant(null), weight: 2 },
      ),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(ops, (plan) => {
        const q = new Queue<unknown>(0, { capacityBytes: CAPACITY });
        const model: unknown[] = [];
        let used = 0;
        for (const op of plan) {
          if (op !== null) {
            const size = recordBytes(0, encodeItem(op.put).valueBytes);
            if (size > CAPACITY) {
              assert.throws(() => q.putNowait(op.put), RangeError, 'an item larger than the ring is refused');
            } else if (used + size <= CAPACITY) {
              q.putNowait(op.put);
              model.push(op.put);
              used += size;
            } else {
              assert.throws(() => q.putNowait(op.put), QueueFull, 'a put beyond the bytes must fail');
            }
          } else if (model.length > 0) {
            const expected = model.shift();
            used -= recordBytes(0, encodeItem(expected).valueBytes);
            assert.deepEqual(q.getNowait(), expected, 'items come back equal, in order');
          }
        }
        while (model.length > 0)
          assert.deepEqual(q.getNowait(), model.shift(), 'drained items come back equal');
      }),
      { numRuns: 200 },
    );
  });
});
