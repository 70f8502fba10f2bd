/**
 * `SharedArray`: a fixed-length array of numbers in shared memory, Python's
 * `multiprocessing.Array`. Index access goes through the typed array view `.array` (fastest: no
 * Proxy in the way) or through `get(i)` / `set(i, v)`, which check the index.
 */
import { Lock } from '../threading/lock.ts';
import { registerPrimitive, SharedPrimitive } from '../threading/shared-primitive.ts';
import { toWire } from '../wire/shared-codec.ts';
import {
  assertAtomic,
  type ResolvedType,
  resolveType,
  revivedTyped,
  type SharedInputOf,
  type SharedType,
  type SharedValueOf,
  type TypedArrayOf,
  type TypedMeta,
  toElement,
  viewOf,
} from './value.ts';

type Atomic = Int32Array & BigInt64Array;

/**
 * A fixed-length array in shared memory for any {@link SharedType}: pass it to tasks and threads
 * and every thread sees the same elements. `.array` is a typed array over the shared memory (plain
 * `arr.array[i]` reads and writes, no atomicity); `get`/`set` check the index; the atomic helpers
 * take an index first (integer types only); `getLock()` guards multi-step updates.
 *
 * @example
 * ```ts
 * const results = new SharedArray('float64', urls.length);
 * await Promise.all(urls.map((u, i) => pool.submit(fetchInto, u, i, results).result()));
 * console.log(results.toArray());
 * ```
 */
export class SharedArray<T extends SharedType = SharedType> extends SharedPrimitive {
  readonly #type: ResolvedType;
  readonly #lock: Lock;
  /** A typed array over the shared elements: index it directly for speed. */
  readonly array: TypedArrayOf;

  constructor(type: T, lengthOrValues: number | Iterable<SharedInputOf<T>>) {
    let fresh: { type: ResolvedType; values: unknown[] | undefined; length: number } | undefined;
    super('SharedArray', () => {
      const resolved = resolveType(type);
      const values =
        typeof lengthOrValues === 'number'
          ? undefined
          : checkValues(lengthOrValues).map((v) => toElement(resolved, v));
      const length = values?.length ?? checkLength(lengthOrValues as number);
      fresh = { type: resolved, values, length };
      return [new SharedArrayBuffer(length * resolved.array.BYTES_PER_ELEMENT)];
    });
    const revived = fresh === undefined ? revivedTyped(this.revivedMeta) : undefined;
    this.#type = fresh?.type ?? revived!.type;
    this.#lock = revived?.lock ?? new Lock();
    this.array = viewOf(this.#type, this.buffers[0]!);
    if (fresh?.values !== undefined) (this.array as unknown as { set(v: unknown[]): void }).set(fresh.values);
  }

  /** The type and the lock travel along, so the lock revives as the same Lock. */
  protected override wireMeta(): TypedMeta {
    return { type: this.#type.name, lock: this.#lock[toWire]() };
  }

  /**
   * The element type's canonical name.
   *
   * @example
   * ```ts
   * new SharedArray('d', 3).type; // 'float64'
   * ```
   */
  get type(): string {
    return this.#type.name;
  }

  /**
   * The number of elements.
   *
   * @example
   * ```ts
   * new SharedArray('int32', 4).length; // 4
   * ```
   */
  get length(): number {
    return this.array.length;
  }

  /**
   * Element `i`; RangeError outside 0…length-1.
   *
   * @example
   * ```ts
   * arr.get(0);
   * ```
   */
  get(i: number): SharedValueOf<T> {
    return this.array[this.#index(i)] as SharedValueOf<T>;
  }

  /**
   * Sets element `i`; RangeError outside 0…length-1.
   *
   * @example
   * ```ts
   * arr.set(0, 42);
   * ```
   */
  set(i: number, v: SharedInputOf<T>): void {
    (this.array as unknown as unknown[])[this.#index(i)] = toElement(this.#type, v);
  }

  /**
   * A plain copy of the elements.
   *
   * @example
   * ```ts
   * new SharedArray('i', [1, 2]).toArray(); // [1, 2]
   * ```
   */
  toArray(): SharedValueOf<T>[] {
    return Array.from(this.array as Iterable<SharedValueOf<T>>);
  }

  /**
   * Iterates the elements.
   *
   * @example
   * ```ts
   * for (const x of arr) console.log(x);
   * ```
   */
  [Symbol.iterator](): IterableIterator<SharedValueOf<T>> {
    return (this.array as Iterable<SharedValueOf<T>>)[Symbol.iterator]() as IterableIterator<
      SharedValueOf<T>
    >;
  }

  /**
   * The Lock created with this array (it travels with it).
   *
   * @example
   * ```ts
   * { using _ = await arr.getLock().hold(); arr.array[0] += arr.array[1]; }
   * ```
   */
  getLock(): Lock {
    return this.#lock;
  }

  /**
   * Atomically adds `delta` to element `i`; returns its previous value. Integer types only.
   *
   * @example
   * ```ts
   * histogram.add(bucket, 1);
   * ```
   */
  add(i: number, delta: SharedInputOf<T>): SharedValueOf<T> {
    return this.#atomic('add', i, (a, at) => Atomics.add(a, at, toElement(this.#type, delta)));
  }

  /**
   * Atomically subtracts `delta` from element `i`; returns its previous value. Integer types only.
   *
   * @example
   * ```ts
   * arr.sub(0, 1);
   * ```
   */
  sub(i: number, delta: SharedInputOf<T>): SharedValueOf<T> {
    return this.#atomic('sub', i, (a, at) => Atomics.sub(a, at, toElement(this.#type, delta)));
  }

  /**
   * Atomically replaces element `i` with `replacement` if it is `expected`; returns the value
   * seen. Integer types only.
   *
   * @example
   * ```ts
   * const claimed = slots.compareExchange(3, 0, 1) === 0;
   * ```
   */
  compareExchange(i: number, expected: SharedInputOf<T>, replacement: SharedInputOf<T>): SharedValueOf<T> {
    return this.#atomic('compareExchange', i, (a, at) =>
      Atomics.compareExchange(a, at, toElement(this.#type, expected), toElement(this.#type, replacement)),
    );
  }

  /**
   * Atomically stores `v` at `i`; returns the previous value. Integer types only.
   *
   * @example
   * ```ts
   * arr.exchange(0, 7);
   * ```
   */
  exchange(i: number, v: SharedInputOf<T>): SharedValueOf<T> {
    return this.#atomic('exchange', i, (a, at) => Atomics.exchange(a, at, toElement(this.#type, v)));
  }

  /**
   * Atomic read of element `i`. Integer types only.
   *
   * @example
   * ```ts
   * arr.load(0);
   * ```
   */
  load(i: number): SharedValueOf<T> {
    return this.#atomic('load', i, (a, at) => Atomics.load(a, at));
  }

  /**
   * Atomic write of element `i`; returns `v`. Integer types only.
   *
   * @example
   * ```ts
   * arr.store(0, 1);
   * ```
   */
  store(i: number, v: SharedInputOf<T>): SharedValueOf<T> {
    return this.#atomic('store', i, (a, at) => Atomics.store(a, at, toElement(this.#type, v)));
  }

  #index(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.array.length) {
      throw new RangeError(`index ${String(i)} is out of range 0..${this.array.length - 1}`);
    }
    return i;
  }

  #atomic(what: string, i: number, op: (array: Atomic, at: number) => number | bigint): SharedValueOf<T> {
    assertAtomic(this.#type, `SharedArray.${what}()`);
    return op(this.array as Atomic, this.#index(i)) as SharedValueOf<T>;
  }
}

function checkLength(length: number): number {
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`SharedArray length must be an integer >= 0, got ${String(length)}`);
  }
  return length;
}

function checkValues<V>(values: Iterable<V>): V[] {
  if (values === null || typeof values !== 'object' || !(Symbol.iterator in values)) {
    throw new TypeError('SharedArray needs a length or an iterable of initial values');
  }
  return Array.from(values);
}

registerPrimitive('SharedArray', SharedArray);
