/**
 * The class of `SharedArray`, parameterised by canonical type name. Import `SharedArray` from
 * `./shared-array.ts`: its constructor also takes Python typecodes and normalises them.
 */
import { Lock } from '../threading/lock.ts';
import { registerPrimitive, SharedPrimitive } from '../threading/shared-primitive.ts';
import { toWire } from '../wire/shared-codec.ts';
import {
  assertAtomic,
  type NumberTypeName,
  type ResolvedType,
  resolveType,
  revivedTyped,
  type SharedInputOf,
  type SharedTypeName,
  type SharedValueOf,
  type TypecodeOf,
  type TypedArrayFor,
  type TypedMeta,
  toElement,
  viewOf,
} from './shared-types.ts';

type Atomic = Int32Array & BigInt64Array;

/**
 * The class behind {@link SharedArray} (imported from `./shared-array.ts`), parameterised by the
 * canonical type name only, so that `SharedArray<'d'>` and `SharedArray<'float64'>` are one type.
 *
 * @example
 * ```ts
 * const grid = new SharedArray('float64', 1024);
 * grid.array[7] += 1.5;
 * ```
 */
export class SharedArray<K extends SharedTypeName = NumberTypeName> extends SharedPrimitive {
  readonly #type: ResolvedType;
  readonly #lock: Lock;
  /** A typed array over the shared elements: index it directly for speed. */
  readonly array: TypedArrayFor<K>;

  constructor(type: K | TypecodeOf<K>, lengthOrValues: number | Iterable<SharedInputOf<K>>) {
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
    this.array = viewOf(this.#type, this.buffers[0]!) as TypedArrayFor<K>;
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
  get type(): K {
    return this.#type.name as K;
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
  get(i: number): SharedValueOf<K> {
    return this.array[this.#index(i)] as SharedValueOf<K>;
  }

  /**
   * Sets element `i`; RangeError outside 0…length-1.
   *
   * @example
   * ```ts
   * arr.set(0, 42);
   * ```
   */
  set(i: number, v: SharedInputOf<K>): void {
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
  toArray(): SharedValueOf<K>[] {
    return Array.from(this.array as Iterable<SharedValueOf<K>>);
  }

  /**
   * Iterates the elements.
   *
   * @example
   * ```ts
   * for (const x of arr) console.log(x);
   * ```
   */
  [Symbol.iterator](): IterableIterator<SharedValueOf<K>> {
    return (this.array as Iterable<SharedValueOf<K>>)[Symbol.iterator]() as IterableIterator<
      SharedValueOf<K>
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
  add(i: number, delta: SharedInputOf<K>): SharedValueOf<K> {
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
  sub(i: number, delta: SharedInputOf<K>): SharedValueOf<K> {
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
  compareExchange(i: number, expected: SharedInputOf<K>, replacement: SharedInputOf<K>): SharedValueOf<K> {
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
  exchange(i: number, v: SharedInputOf<K>): SharedValueOf<K> {
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
  load(i: number): SharedValueOf<K> {
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
  store(i: number, v: SharedInputOf<K>): SharedValueOf<K> {
    return this.#atomic('store', i, (a, at) => Atomics.store(a, at, toElement(this.#type, v)));
  }

  #index(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.array.length) {
      throw new RangeError(`index ${String(i)} is out of range 0..${this.array.length - 1}`);
    }
    return i;
  }

  #atomic(what: string, i: number, op: (array: Atomic, at: number) => number | bigint): SharedValueOf<K> {
    assertAtomic(this.#type, `SharedArray.${what}()`);
    return op(this.array as Atomic, this.#index(i)) as SharedValueOf<K>;
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
