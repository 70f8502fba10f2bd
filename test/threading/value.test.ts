import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ThreadPoolExecutor } from '../../src/futures/index.ts';
import { SharedArray, Value } from '../../src/multiprocessing/index.ts';
import { describeShared, floatLocked, valueAdds } from '../fixtures/threading-primitives-tasks.ts';

describe('Value and SharedArray', () => {
  it('4 threads × 100,000 add(1) are exact', { timeout: 60_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
    const v = new Value('int32', 0);
    await Promise.all(Array.from({ length: 4 }, () => pool.submit(valueAdds, v, 100_000).result()));
    assert.equal(v.value, 400_000);
  });

  it('float updates under getLock() are exact', { timeout: 60_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
    const v = new Value('float64', 0);
    await Promise.all(Array.from({ length: 4 }, () => pool.submit(floatLocked, v, 20_000).result()));
    assert.equal(v.value, 40_000);
  });

  it('arrives in a worker as the same Value, with the same lock, over the same memory', {
    timeout: 30_000,
  }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const v = new Value('uint8', 1);
    const arr = new SharedArray('i', [1, 2, 3]);
    const seen = await pool.submit(describeShared, v, v, arr, v.getLock()).result();
    assert.deepEqual(seen, {
      same: true,
      lockTravels: true,
      type: 'uint8',
      arrType: 'int32',
      arr: [99, 2, 3],
    });
    assert.equal(v.value, 7);
    assert.deepEqual(arr.toArray(), [99, 2, 3]);
  });

  it('typed values, atomics, bigint and the checks', { timeout: 10_000 }, async () => {
    const big = new Value('q', 5n);
    assert.equal(big.add(10n), 5n);
    assert.equal(big.compareExchange(15n, 1n), 15n);
    assert.equal(big.value, 1n);
    const small = new Value('int8', 127);
    assert.equal(small.add(1), 127);
    assert.equal(small.value, -128, 'wraps like the C type');
    const u = new Value('uint32', 0);
    assert.equal(u.exchange(4_000_000_000), 0);
    assert.equal(u.load(), 4_000_000_000);
    assert.equal(u.store(3), 3);
    assert.equal(u.sub(1), 3);
    assert.equal(new Value('float32', 0.5).value, 0.5);
    assert.throws(() => new Value('f', 1).add(1), TypeError);
    assert.throws(() => new Value('x' as 'i', 0), /int8, uint8.*typecode/);
    assert.equal(new Value('i').value, 0);
  });

  it('64-bit Values and SharedArrays take safe-integer numbers; other numbers get a TypeError', () => {
    const big = new Value('bigint64', 0n);
    assert.equal(big.add(1), 0n);
    assert.equal(big.value, 1n);
    big.value = 41;
    assert.equal(big.add(1n), 41n);
    assert.equal(big.sub(2), 42n);
    assert.equal(big.compareExchange(40, 7), 40n);
    assert.equal(big.exchange(Number.MAX_SAFE_INTEGER), 7n);
    assert.equal(big.value, BigInt(Number.MAX_SAFE_INTEGER));
    assert.equal(new Value('Q', 5).value, 5n);
    assert.throws(
      () => big.add(1.5),
      (e: unknown) => e instanceof TypeError && /pass a bigint/.test(e.message),
    );
    assert.throws(() => big.store(2 ** 60), /pass a bigint/);
    const arr = new SharedArray('q', [1, 2n]);
    assert.deepEqual(arr.toArray(), [1n, 2n]);
    arr.set(0, 10);
    assert.equal(arr.add(1, 1), 2n);
    assert.deepEqual(arr.toArray(), [10n, 3n]);
    assert.throws(() => arr.set(0, 0.5), TypeError);
  });

  it('SharedArray: view, get/set with range checks, iteration, atomics', { timeout: 10_000 }, () => {
    const arr = new SharedArray('int16', 3);
    assert.equal(arr.length, 3);
    arr.array[0] = 5;
    arr.set(2, -1);
    assert.equal(arr.get(0), 5);
    assert.deepEqual([...arr], [5, 0, -1]);
    assert.equal(arr.add(1, 4), 0);
    assert.equal(arr.compareExchange(1, 4, 9), 4);
    assert.equal(arr.load(1), 9);
    assert.throws(() => arr.get(3), RangeError);
    assert.throws(() => arr.set(-1, 0), RangeError);
    assert.throws(() => arr.add(1.5, 1), RangeError);
    const d = new SharedArray('float64', [0.25, 0.5]);
    assert.deepEqual(d.toArray(), [0.25, 0.5]);
    assert.throws(() => d.exchange(0, 1), TypeError);
    assert.throws(() => new SharedArray('int32', -1), RangeError);
    assert.throws(() => new SharedArray('int32', 'abc' as unknown as number), TypeError);
    const b = new SharedArray('Q', [1n, 2n]);
    assert.equal(b.add(0, 1n), 1n);
    assert.deepEqual(b.toArray(), [2n, 2n]);
  });
});
