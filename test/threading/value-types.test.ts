/**
 * Value and SharedArray types: a Python typecode and its type name are one type, and the
 * un-parameterised types read as numbers. The type assertions are checked by `npm run typecheck`
 * (tsc runs on the tests); the runtime assertions check that the types tell the truth.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedArray, type SharedType, Value } from '../../src/multiprocessing/index.ts';

/** `true` only when A and B are the same type (not merely assignable). */
type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;

function bumpInt32(counter: Value<'int32'>): number {
  return counter.add(1);
}

function bumpBig(counter: Value<'bigint64'>): bigint {
  return counter.add(1n);
}

function fill(grid: SharedArray<'float64'>, x: number): void {
  grid.array.fill(x);
}

describe('Value and SharedArray types', () => {
  it("Value<'i'> is Value<'int32'> and Value<'q'> is Value<'bigint64'>", () => {
    const sameInt: Equal<Value<'i'>, Value<'int32'>> = true;
    const sameBig: Equal<Value<'q'>, Value<'bigint64'>> = true;
    const sameUnsigned: Equal<Value<'Q'>, Value<'biguint64'>> = true;
    assert.ok(sameInt && sameBig && sameUnsigned);

    const i = new Value('i', 0);
    assert.equal(bumpInt32(i), 0);
    const q = new Value('q', 5n);
    assert.equal(bumpBig(q), 5n);
    const byName: Value<'i'> = new Value('int32', 3);
    assert.equal(bumpInt32(byName), 3);
    const t: 'int32' = i.type;
    assert.equal(t, 'int32');
    const big: bigint = q.value;
    assert.equal(big, 6n);

    // @ts-expect-error a bigint64 Value is not an int32 Value
    const wrongKind: Value<'int32'> = new Value('q', 0n);
    // @ts-expect-error an int32 Value is not a float64 Value
    const wrongFloat: Value<'d'> = new Value('i', 0);
    // @ts-expect-error an unknown typecode
    assert.throws(() => new Value('x', 0), TypeError);
    // @ts-expect-error a number Value reads as a number, not a bigint
    const notBig: bigint = i.value;
    assert.ok(wrongKind && wrongFloat && notBig !== undefined);
  });

  it('an un-parameterised Value reads and writes numbers', () => {
    const counter: Value = new Value('i', 0);
    counter.value += 1;
    counter.value++;
    const before: number = counter.add(1);
    assert.equal(before, 2);
    assert.equal(counter.value, 3);
    const total: Value = new Value('float64', 0.5);
    total.value *= 3;
    assert.equal(total.value, 1.5);

    // @ts-expect-error a 64-bit Value holds bigints: say Value<'bigint64'> (or Value<SharedType>)
    const big: Value = new Value('q', 0n);
    const anyKind: Value<SharedType>[] = [new Value('q', 0n), new Value('d', 1), big];
    assert.equal(anyKind.length, 3);
    const u: unknown = counter;
    assert.ok(u instanceof Value);
    assert.equal(u.type, 'int32');
  });

  it("SharedArray<'d'> is SharedArray<'float64'>, its view is typed, and the default reads as numbers", () => {
    const same: Equal<SharedArray<'d'>, SharedArray<'float64'>> = true;
    assert.ok(same);
    const grid = new SharedArray('d', 3);
    fill(grid, 0.5);
    const view: Float64Array = grid.array;
    assert.deepEqual([...view], [0.5, 0.5, 0.5]);
    const bigView: BigInt64Array = new SharedArray('q', [1n]).array;
    assert.equal(bigView[0], 1n);

    const arr: SharedArray = new SharedArray('i', [1, 2, 3]);
    arr.array[0] = (arr.array[0] ?? 0) + 1; // a number view (noUncheckedIndexedAccess adds undefined)
    arr.set(1, arr.get(1) + 1);
    assert.deepEqual(arr.toArray(), [2, 3, 3]);
    assert.ok(arr instanceof SharedArray);

    // @ts-expect-error a float64 array is not an int32 array
    const wrong: SharedArray<'int32'> = new SharedArray('d', 1);
    // @ts-expect-error an unsigned 64-bit array holds bigints
    const big: SharedArray = new SharedArray('Q', 1);
    assert.ok(wrong && big);
  });
});
