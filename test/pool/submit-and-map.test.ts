import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, Future, ThreadPoolExecutor, TimeoutError } from '../../src/index.ts';
import { add, fail, isPrime, sleepFor, square, threadInfo } from '../fixtures/tasks.ts';
import { onDistinctWorkers } from '../helpers/on-distinct-workers.ts';

describe('ThreadPoolExecutor.submit', () => {
  test('runs a defineTask task on a worker thread and types flow into the Future', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    const f: Future<boolean> = pool.submit(isPrime, 97);
    assert.ok(f instanceof Future, 'f instanceof Future');
    assert.equal(await f, true);
    assert.equal(await pool.submit(add, 2, 3).result(), 5);
    const info = await pool.submit(threadInfo);
    assert.equal(info.isMainThread, false);
    assert.notEqual(info.threadId, 0);
  });

  test('runs tasks in parallel on distinct workers', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    const [a, b] = await onDistinctWorkers(pool, 2); // returns only if both ran at once
    assert.notEqual(a, b);
    assert.equal(pool.stats().workers, 2);
  });

  test('inline self-contained functions ship their source and are cached', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const multiply = (a: number, b: number) => a * b;
    const results = await Promise.all([pool.submit(multiply, 6, 7), pool.submit(multiply, 2, 3)]);
    assert.deepEqual(results, [42, 6]);
    // tsx/esbuild keep-names helpers (__name) inside shipped source must not break
    function named(x: number) {
      const inner = function helper(y: number) {
        return y + 1;
      };
      return inner(x);
    }
    assert.equal(await pool.submit(named, 1), 2);
    assert.equal(
      await pool.submit(async (ms: number) => {
        await new Promise((r) => setTimeout(r, ms));
        return 'slept';
      }, 5),
      'slept',
    );
  });

  test('an inline function that captures an outer variable fails with an explanation', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const factor = 3;
    const error = await pool.submit((x: number) => x * factor, 2).exception();
    assert.ok(error instanceof Error, 'error instanceof Error');
    assert.equal((error as { code?: string }).code, 'ERR_TASK_CLOSURE');
    assert.match(error.message, /"factor"/);
    assert.match(error.message, /argument|defineTask/);
  });

  test('functions that cannot be shipped are rejected at submit with a TypeError', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    assert.throws(() => pool.submit(Math.max, 1, 2), TypeError);
    assert.throws(() => pool.submit(((x: number) => x).bind(null), 1), TypeError);
    const object = {
      method(x: number) {
        return x;
      },
    };
    assert.throws(() => pool.submit(object.method, 1), /standalone function/);
    assert.throws(() => pool.submit(class Foo {} as never), /class/);
    assert.throws(() => pool.submit('square' as never), TypeError);
  });
});

describe('ThreadPoolExecutor.map', () => {
  test('yields results in order, lazily, with a one-call collector', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 3 });
    assert.deepEqual(await pool.map(square, [0, 1, 2, 3, 4]).toArray(), [0, 1, 4, 9, 16]);
    const out: number[] = [];
    // Later items finish first; order must still follow the input.
    for await (const v of pool.map(sleepFor, [60, 10, 30, 0])) out.push(v as number);
    assert.deepEqual(out, [60, 10, 30, 0]);
  });

  test('an endless generator is consumed with bounded prefetch', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    let pulled = 0;
    function* naturals() {
      for (let i = 0; ; i++) {
        pulled = i + 1;
        yield i;
      }
    }
    let seen = 0;
    let primes = 0;
    for await (const ok of pool.map(isPrime, naturals(), { chunksize: 10, bufferSize: 4 })) {
      if (ok) primes++;
      if (++seen === 1000) break;
    }
    assert.equal(primes, 168);
    // consumed 1000 items: at most bufferSize chunks of chunksize items pulled ahead
    assert.ok(pulled <= 1000 + 4 * 10, `pulled ${pulled} items`);
  });

  test('a large range is streamed with chunksize, not materialised', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    let pulled = 0;
    let maxAhead = 0;
    let consumed = 0;
    function* range(n: number) {
      for (let i = 0; i < n; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - consumed);
        yield i;
      }
    }
    let sum = 0;
    for await (const v of pool.map(square, range(200_000), { chunksize: 500 })) {
      sum += v;
      consumed++;
    }
    assert.equal(sum, (199_999 * 200_000 * (2 * 199_999 + 1)) / 6);
    assert.ok(maxAhead <= 500 * 4 + 500, `read ${maxAhead} items ahead`);
  });

  test('accepts async iterables', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    async function* source() {
      for (let i = 1; i <= 5; i++) {
        await sleep(1);
        yield i;
      }
    }
    assert.deepEqual(await pool.map(square, source()).toArray(), [1, 4, 9, 16, 25]);
  });

  test('an error surfaces when its item is reached, after the earlier results', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    const seen: number[] = [];
    const divide = (x: number) => {
      if (x === 3) throw new RangeError(`bad item ${x}`);
      return 10 * x;
    };
    await assert.rejects(async () => {
      for await (const v of pool.map(divide, [1, 2, 3, 4, 5], { chunksize: 2 })) seen.push(v);
    }, /bad item 3/);
    assert.deepEqual(seen, [10, 20]);
  });

  test('an error thrown by the source surfaces in order too', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    function* broken() {
      yield 1;
      yield 2;
      throw new Error('source broke');
    }
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const v of pool.map(square, broken())) seen.push(v);
    }, /source broke/);
    assert.deepEqual(seen, [1, 4]);
  });

  test('timeout counts from the call and throws TimeoutError', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1, cancelGrace: 10 });
    await assert.rejects(pool.map(sleepFor, [10, 5000], { timeout: 300 }).toArray(), TimeoutError);
  });

  test('breaking out early cancels queued chunks', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    for await (const v of pool.map(sleepFor, [1, 50, 50, 50, 50], { bufferSize: 5 })) {
      assert.equal(v, 1);
      break;
    }
    const stats = pool.stats();
    assert.ok(stats.cancelled >= 3, `cancelled ${stats.cancelled}`);
  });

  test('abort signal stops the map', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1, cancelGrace: 10 });
    const controller = new AbortController();
    const results = pool.map(sleepFor, [10, 2000, 10], { signal: controller.signal });
    assert.equal((await results.next()).value, 10);
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(results.next(), CancelledError);
  });

  test('bad options are rejected at the call', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    assert.throws(() => pool.map(square, [1], { chunksize: 0 }), RangeError);
    assert.throws(() => pool.map(square, [1], { bufferSize: 1.5 }), RangeError);
    assert.throws(() => pool.map(square, 5 as never), TypeError);
  });

  test('task errors keep class, message, code and cause through map', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const error = await pool
      .map(fail, ['in map'])
      .toArray()
      .catch((e: unknown) => e);
    assert.equal((error as { code?: string }).code, 'ERR_APP');
  });
});
