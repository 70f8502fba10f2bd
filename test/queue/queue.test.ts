import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { QueueEmpty, QueueFull } from '../../src/errors.ts';
import { LifoQueue, PriorityQueue, Queue, SimpleQueue } from '../../src/queue/index.ts';
import { Lock } from '../../src/threading/index.ts';

describe('Queue on one thread', () => {
  it('hands items out FIFO, LIFO and by priority (ties in arrival order)', { timeout: 10_000 }, async () => {
    const fifo = new Queue<number>();
    const lifo = new LifoQueue<number>();
    const prio = new PriorityQueue<[number, string]>();
    for (const i of [3, 1, 2]) {
      await fifo.put(i);
      await lifo.put(i);
    }
    for (const item of [
      [2, 'b'],
      [1, 'x'],
      [2, 'a'],
      [0, 'z'],
    ] as [number, string][])
      await prio.put(item);
    assert.deepEqual([await fifo.get(), await fifo.get(), await fifo.get()], [3, 1, 2]);
    assert.deepEqual([await lifo.get(), await lifo.get(), await lifo.get()], [2, 1, 3]);
    const got = [];
    while (!prio.empty()) got.push(await prio.get());
    assert.deepEqual(got, [
      [0, 'z'],
      [1, 'x'],
      [2, 'b'],
      [2, 'a'],
    ]);
  });

  it('keeps structured-clone types: Map, Set, Date, typed arrays, Error, bigint', { timeout: 10_000 }, () => {
    const q = new SimpleQueue<unknown>();
    const item = {
      m: new Map([[1, 'a']]),
      s: new Set([1]),
      d: new Date(5),
      t: new Float64Array([1.5]),
      n: 7n,
    };
    q.putNowait(item);
    q.putNowait(new RangeError('boom'));
    assert.deepEqual(q.getNowait(), item);
    const error = q.getNowait() as Error;
    assert.ok(error instanceof RangeError, 'an Error arrives as an Error of the same class');
    assert.equal(error.message, 'boom');
  });

  it('a class instance is refused at put with the TypeError submit gives, not flattened', {
    timeout: 10_000,
  }, async () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const isRefused = (e: unknown) =>
      e instanceof TypeError && /queue item.* is an instance of Point, which cannot be sent/.test(e.message);
    for (const q of [new Queue<unknown>(), new SimpleQueue<unknown>(), new LifoQueue<unknown>()]) {
      assert.throws(() => q.putNowait(new Point(1, 2)), isRefused);
      assert.throws(() => q.putNowait({ nested: [new Point(1, 2)] }), /nested\[0\] is an instance of Point/);
      await assert.rejects(async () => q.put(new Point(1, 2)), isRefused);
      assert.equal(q.qsize(), 0, 'nothing went in');
    }
    assert.throws(() => new Queue<unknown>().putNowait({ f: () => 1 }), TypeError);
  });

  it('maxsize: putNowait → QueueFull, timed put → QueueFull, a waiting put goes in once there is room', {
    timeout: 10_000,
  }, async () => {
    const q = new Queue<number>(2);
    assert.equal(q.maxsize, 2);
    q.putNowait(1);
    await q.put(2);
    assert.equal(q.full(), true);
    assert.throws(() => q.putNowait(3), QueueFull);
    await assert.rejects(q.put(3, { timeout: 20 }), QueueFull);
    await assert.rejects(q.put(3, { block: false }), QueueFull);
    const waiting = q.put(3);
    assert.equal(await q.get(), 1);
    await waiting;
    assert.deepEqual([q.getNowait(), q.getNowait()], [2, 3]);
    assert.throws(() => q.getNowait(), QueueEmpty);
    await assert.rejects(q.get({ timeout: 20 }), QueueEmpty);
    await assert.rejects(q.get({ block: false }), QueueEmpty);
  });

  it('rejects bad arguments at the call', { timeout: 10_000 }, async () => {
    assert.throws(() => new Queue(1.5), TypeError);
    assert.throws(() => new Queue(0, { capacityBytes: 10 }), RangeError);
    const q = new Queue<unknown>(0, { capacityBytes: 256 });
    await assert.rejects(q.put('x'.repeat(300)), RangeError);
    assert.throws(() => q.putNowait(new Lock()), /Thread or task arguments/);
    assert.throws(() => q.putNowait({ nested: [new Lock()] }), TypeError);
    await assert.rejects(q.get({ timeout: -1 }), RangeError);
    await assert.rejects(q.put(1, { block: 'no' as never }), TypeError);
    assert.throws(() => q.getSync(), /main thread/);
    const pq = new PriorityQueue<unknown>();
    assert.throws(() => pq.putNowait({ priority: 1 }), TypeError);
    assert.throws(() => pq.putNowait(Number.NaN), TypeError);
    pq.putNowait(1);
    assert.throws(() => pq.putNowait('a'), /string keys and numeric keys/);
    assert.equal(q.qsize(), 0, 'a refused item leaves nothing behind');
  });

  it('taskDone() beyond the items put throws; join() resolves at once when nothing is unfinished', {
    timeout: 10_000,
  }, async () => {
    const q = new Queue<number>();
    await q.join();
    q.putNowait(1);
    await assert.rejects(q.join({ timeout: 20 }), { name: 'TimeoutError' });
    q.getNowait();
    q.taskDone();
    await q.join();
    assert.throws(() => q.taskDone(), { code: 'ERR_TASK_DONE_TOO_MANY' });
  });

  it('an aborted get rejects with the reason and takes nothing', { timeout: 10_000 }, async () => {
    const q = new Queue<number>();
    const controller = new AbortController();
    const waiting = q.get({ signal: controller.signal });
    controller.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
    q.putNowait(1);
    assert.equal(q.getNowait(), 1);
    await assert.rejects(q.get({ signal: AbortSignal.abort() }), { name: 'CancelledError' });
  });

  it('a storm of gets with random timeouts and aborts, and puts: every item arrives exactly once', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            getters: fc.integer({ min: 0, max: 3 }),
            end: fc.constantFrom('timeout', 'abort', 'none'),
            ms: fc.integer({ min: 0, max: 3 }),
            puts: fc.integer({ min: 0, max: 3 }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        async (rounds) => {
          const q = new Queue<number>(2);
          const received: number[] = [];
          const pending: Promise<void>[] = [];
          const notPut = new Set<number>();
          let next = 0;
          for (const round of rounds) {
            for (let g = 0; g < round.getters; g++) {
              const controller = new AbortController();
              const options = round.end === 'timeout' ? { timeout: round.ms } : { signal: controller.signal };
              pending.push(
                q.get(options).then(
                  (item) => void received.push(item),
                  (error) => assert.ok(error.name === 'QueueEmpty' || /gone/.test(error.message), error),
                ),
              );
              if (round.end === 'abort') setTimeout(() => controller.abort(new Error('gone')), round.ms);
            }
            for (let p = 0; p < round.puts; p++) {
              // Bounded queue: puts may wait for room too; a put that times out put nothing.
              const item = next++;
              pending.push(
                q.put(item, { timeout: round.ms * 10 }).catch((error) => {
                  assert.ok(error instanceof QueueFull, 'only QueueFull may end a put');
                  notPut.add(item);
                }),
              );
            }
            await sleep(round.ms);
          }
          // Getters with no end still wait: feed them fillers (-1) until everything settled.
          let settled = false;
          const all = Promise.all(pending).then(() => {
            settled = true;
          });
          while (!settled) {
            if (q.full()) received.push(q.getNowait());
            else q.putNowait(-1);
            await Promise.race([all, sleep(1)]);
          }
          while (!q.empty()) received.push(q.getNowait());
          const real = received.filter((x) => x >= 0).sort((a, b) => a - b);
          const expected = Array.from({ length: next }, (_, i) => i).filter((i) => !notPut.has(i));
          assert.deepEqual(real, expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
