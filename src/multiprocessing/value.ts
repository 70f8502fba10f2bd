/**
 * `Value`: one number in shared memory, Python's `multiprocessing.Value`, plus the element
 * types (and Python typecodes) that {@link SharedArray} shares with it.
 */
import { Lock } from '../threading/lock.ts';
import { registerPrimitive, SharedPrimitive } from '../threading/shared-primitive.ts';
import { reviveWire, type SharedWire, toWire } from '../wire/shared-codec.ts';

const TYPES = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
  bigint64: BigInt64Array,
  biguint64: BigUint64Array,
} as const;

const TYPECODES = {
  b: 'int8',
  B: 'uint8',
  h: 'int16',
  H: 'uint16',
  i: 'int32',
  I: 'uint32',
  f: 'float32',
  d: 'float64',
  q: 'bigint64',
  Q: 'biguint64',
} as const;

/** An element type by name, or by its Python typecode ('i' is int32, 'd' float64, 'q' bigint64…). */
export type SharedType = keyof typeof TYPES | keyof typeof TYPECODES;

/** The JavaScript value of a type: bigint for the 64-bit integer types, number otherwise. */
export type SharedValueOf<T extends SharedType> = T extends 'bigint64' | 'biguint64' | 'q' | 'Q'
  ? bigint
  : number;

/**
 * What a write of a type accepts: for the 64-bit integer types a bigint or a number that is a
 * safe integer (converted), for the others a number.
 */
export type SharedInputOf<T extends SharedType> = T extends 'bigint64' | 'biguint64' | 'q' | 'Q'
  ? bigint | number
  : number;

/** The typed array a type is stored in. */
export type TypedArrayOf = InstanceType<(typeof TYPES)[keyof typeof TYPES]>;

/** A type resolved to its canonical name, its typed array class and whether Atomics accept it. */
export interface ResolvedType {
  name: keyof typeof TYPES;
  array: (typeof TYPES)[keyof typeof TYPES];
  atomic: boolean;
  /** A 64-bit integer type, whose elements are bigints. */
  big: boolean;
}

/** Resolves a type name or typecode; TypeError listing the valid ones otherwise. */
export function resolveType(type: unknown): ResolvedType {
  const name =
    typeof type === 'string'
      ? Object.hasOwn(TYPES, type)
        ? (type as keyof typeof TYPES)
        : Object.hasOwn(TYPECODES, type)
          ? TYPECODES[type as keyof typeof TYPECODES]
          : undefined
      : undefined;
  if (name === undefined) {
    throw new TypeError(
      `unknown shared type ${JSON.stringify(type)}; use one of ${Object.keys(TYPES).join(', ')} ` +
        `or a Python typecode (${Object.keys(TYPECODES).join(', ')})`,
    );
  }
  return { name, array: TYPES[name], atomic: !name.startsWith('float'), big: name.startsWith('big') };
}

/**
 * A value to write into an element of `type`: a number given to a 64-bit integer type becomes a
 * bigint when it is a safe integer; otherwise a TypeError says to pass a bigint.
 */
export function toElement(type: ResolvedType, v: unknown): never {
  if (type.big && typeof v === 'number') {
    if (!Number.isSafeInteger(v)) {
      throw new TypeError(
        `a ${type.name} element holds a bigint: pass a bigint (e.g. 1n); the number ${v} is not a safe integer`,
      );
    }
    return BigInt(v) as never;
  }
  return v as never;
}

/** A typed array of `type` over `buffer`. */
export function viewOf(type: ResolvedType, buffer: SharedArrayBuffer): TypedArrayOf {
  return new (type.array as unknown as new (b: SharedArrayBuffer) => TypedArrayOf)(buffer);
}

/** Throws a TypeError unless the type works with Atomics (integers only). */
export function assertAtomic(type: ResolvedType, what: string): void {
  if (!type.atomic) {
    throw new TypeError(
      `${what} needs an integer type; ${type.name} has no atomic operations (use getLock())`,
    );
  }
}

/** Wire extras of Value and SharedArray: the type and the lock that travels with them. */
export interface TypedMeta {
  type: keyof typeof TYPES;
  lock: SharedWire;
}

/** Reads back the meta of a revived Value/SharedArray. */
export function revivedTyped(meta: unknown): { type: ResolvedType; lock: Lock } {
  const { type, lock } = meta as TypedMeta;
  return { type: resolveType(type), lock: reviveWire(lock) as Lock };
}

type Atomic = Int32Array & BigInt64Array;

/**
 * One number in shared memory, Python's `multiprocessing.Value`: pass it to tasks and threads,
 * read and write `.value`, and either use the atomic helpers (integer types) or take `getLock()`
 * around read-modify-write sequences (any type). A 64-bit Value reads as a bigint and also takes
 * safe-integer numbers (`add(1)`).
 *
 * @example
 * ```ts
 * const hits = new Value('int32', 0);
 * await Promise.all(urls.map((u) => pool.submit(fetchAndCount, u, hits).result()));
 * console.log(hits.value);
 * ```
 */
export class Value<T extends SharedType = SharedType> extends SharedPrimitive {
  readonly #type: ResolvedType;
  readonly #lock: Lock;
  readonly #cell: TypedArrayOf;

  constructor(type: T, initial?: SharedInputOf<T>) {
    let fresh: ResolvedType | undefined;
    super('Value', () => {
      fresh = resolveType(type);
      return [new SharedArrayBuffer(fresh.array.BYTES_PER_ELEMENT)];
    });
    const revived = fresh === undefined ? revivedTyped(this.revivedMeta) : undefined;
    this.#type = fresh ?? revived!.type;
    this.#lock = revived?.lock ?? new Lock();
    this.#cell = viewOf(this.#type, this.buffers[0]!);
    if (fresh !== undefined && initial !== undefined) this.value = initial;
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
   * new Value('i', 0).type; // 'int32'
   * ```
   */
  get type(): string {
    return this.#type.name;
  }

  /**
   * The current value (an atomic load for integer types).
   *
   * @example
   * ```ts
   * counter.value += 1; // not atomic: use add(1), or hold getLock()
   * ```
   */
  get value(): SharedValueOf<T> {
    const cell = this.#cell;
    return (this.#type.atomic ? Atomics.load(cell as Atomic, 0) : cell[0]) as SharedValueOf<T>;
  }

  set value(v: SharedInputOf<T>) {
    const cell = this.#cell;
    const element = toElement(this.#type, v);
    if (this.#type.atomic) Atomics.store(cell as Atomic, 0, element);
    else cell[0] = element;
  }

  /**
   * The Lock created with this Value (it travels with it): hold it around read-modify-write
   * sequences, as Python's `with v.get_lock():`.
   *
   * @example
   * ```ts
   * { using _ = await total.getLock().hold(); total.value += 0.5; }
   * ```
   */
  getLock(): Lock {
    return this.#lock;
  }

  /**
   * Atomically adds `delta`; returns the previous value. Integer types only.
   *
   * @example
   * ```ts
   * hits.add(1);
   * ```
   */
  add(delta: SharedInputOf<T>): SharedValueOf<T> {
    return this.#atomic('add', (a) => Atomics.add(a, 0, toElement(this.#type, delta)));
  }

  /**
   * Atomically subtracts `delta`; returns the previous value. Integer types only.
   *
   * @example
   * ```ts
   * left.sub(1);
   * ```
   */
  sub(delta: SharedInputOf<T>): SharedValueOf<T> {
    return this.#atomic('sub', (a) => Atomics.sub(a, 0, toElement(this.#type, delta)));
  }

  /**
   * Atomically stores `replacement` if the value is `expected`; returns the value seen (equal to
   * `expected` when it swapped). Integer types only.
   *
   * @example
   * ```ts
   * const won = flag.compareExchange(0, 1) === 0;
   * ```
   */
  compareExchange(expected: SharedInputOf<T>, replacement: SharedInputOf<T>): SharedValueOf<T> {
    return this.#atomic('compareExchange', (a) =>
      Atomics.compareExchange(a, 0, toElement(this.#type, expected), toElement(this.#type, replacement)),
    );
  }

  /**
   * Atomically stores `v`; returns the previous value. Integer types only.
   *
   * @example
   * ```ts
   * const before = state.exchange(2);
   * ```
   */
  exchange(v: SharedInputOf<T>): SharedValueOf<T> {
    return this.#atomic('exchange', (a) => Atomics.exchange(a, 0, toElement(this.#type, v)));
  }

  /**
   * Atomic read. Integer types only.
   *
   * @example
   * ```ts
   * hits.load();
   * ```
   */
  load(): SharedValueOf<T> {
    return this.#atomic('load', (a) => Atomics.load(a, 0));
  }

  /**
   * Atomic write; returns `v`. Integer types only.
   *
   * @example
   * ```ts
   * hits.store(0);
   * ```
   */
  store(v: SharedInputOf<T>): SharedValueOf<T> {
    return this.#atomic('store', (a) => Atomics.store(a, 0, toElement(this.#type, v)));
  }

  #atomic(what: string, op: (cell: Atomic) => number | bigint): SharedValueOf<T> {
    assertAtomic(this.#type, `Value.${what}()`);
    return op(this.#cell as Atomic) as SharedValueOf<T>;
  }
}

registerPrimitive('Value', Value);
