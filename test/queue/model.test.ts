import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { QueueEmpty, QueueFull } from '../../src/errors.ts';
import { LifoQueue, PriorityQueue, Queue } from '../../src/queue/index.ts';
import { encodeItem } from '../../src/queue/item-codec.ts';
import { recordBytes } from '../../src/queue/layout.ts';
import { encodeKey, priorityKey } from '../../src/queue/priority-key.ts';

type Item = [number, string];
type Op = { put: Item } | { get: true };

const CAPACITY = 1024;

/** The bytes an item takes in the ring, as the queue counts them (item-codec.test pins the value sizes). */
function bytesOf(item: Item, keyed: boolean): number {
  return recordBytes(keyed ? encodeKey(priorityKey(item)).length : 0, encodeItem(item).valueBytes);
}

/** An array model of each order: which item leaves next. */
const models = {
  fifo: (_items: Item[]) => 0,
  lifo: (items: Item[]) => items.length - 1,
  // Smallest key; the first such among equals (ties leave in arrival order).
  priority: (items: Item[]) => items.reduce((best, it, i) => (it[0] < items[best]![0] ? i : best), 0),
};

const ops = fc.array(
  fc.oneof(
    {
      arbitrary: fc
        .tuple(fc.integer({ min: 0, max: 9 }), fc.string({ maxLength: 300 }))
        .map((put): Op => ({ put })),
      weight: 3,
    },
    { arbitrary: fc.constant<Op>({ get: true }), weight: 2 },
  ),
  { maxLength: 300 },
);

describe('queues behave like an array model under byte pressure', () => {
  for (const [name, make] of [
    ['fifo', () => new Queue<Item>(0, { capacityBytes: CAPACITY })],
    ['lifo', () => new LifoQueue<Item>(0, { capacityBytes: CAPACITY })],
    ['priority', () => new PriorityQueue<Item>(0, { capacityBytes: CAPACITY })],
  ] as const) {
    it(`${name}: random put/get of random-size items, with wraparound and full rings`, {
      timeout: 60_000,
    }, () => {
      const next = models[name];
      fc.assert(
        fc.property(ops, (plan) => {
          const q = make();
          const model: Item[] = [];
          let used = 0;
          for (const op of plan) {
            if ('put' in op) {
              const size = bytesOf(op.put, name === 'priority');
              if (used + size <= CAPACITY) {
                q.putNowait(op.put);
                model.push(op.put);
                used += size;
              } else {
                assert.throws(() => q.putNowait(op.put), QueueFull, 'a put beyond the bytes must fail');
              }
            } else if (model.length === 0) {
              assert.throws(() => q.getNowait(), QueueEmpty, 'a get from an empty queue must fail');
            } else {
              const [expected] = model.splice(next(model), 1);
              used -= bytesOf(expected!, name === 'priority');
              assert.deepEqual(q.getNowait(), expected);
            }
            assert.equal(q.qsize(), model.length);
          }
        }),
        { numRuns: 200 },
      );
    });
  }
});
