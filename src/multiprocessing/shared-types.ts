/**
 * The element types that {@link Value} and {@link SharedArray} store, by name or by Python
 * typecode, and the helpers both use to resolve a type and convert what is written.
 */
import type { Lock } from '../threading/lock.ts';
import { reviveWire, type SharedWire } from '../wire/shared-codec.ts';

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

/** An element type's canonical name: `'int32'`, `'float64'`, `'bigint64'`… */
export type SharedTypeName = keyof typeof TYPES;

/** A Python typecode: `'i'` is int32, `'d'` float64, `'q'` bigint64… */
export type SharedTypecode = keyof typeof TYPECODES;

/** An element type by name, or by its Python typecode ('i' is int32, 'd' float64, 'q' bigint64…). */
export type SharedType = SharedTypeName | SharedTypecode;

/**
 * The canonical name of a type given by name or typecode, so that `'i'` and `'int32'` are one
 * type: `CanonicalType<'i'>` is `'int32'`.
 *
 * @example
 * ```ts
 * const t: CanonicalType<'q'> = 'bigint64';
 * ```
 */
export type CanonicalType<T extends SharedType> = T extends SharedTypecode ? (typeof TYPECODES)[T] : T;

/** The typecode of a canonical name (`'int32'` → `'i'`). */
export type TypecodeOf<K extends SharedTypeName> = {
  [C in SharedTypecode]: (typeof TYPECODES)[C] extends K ? C : never;
}[SharedTypecode];

/** The 64-bit integer types, whose elements are bigints. */
export type BigTypeName = 'bigint64' | 'biguint64';

/**
 * The types whose elements are plain numbers (every type but the 64-bit integers): the default
 * of `Value` and `SharedArray`, so that an un-parameterised `Value` reads as a number.
 *
 * @example
 * ```ts
 * const counter: Value = new Value('i', 0); // Value<NumberTypeName>
 * counter.value += 1;
 * ```
 */
export type NumberTypeName = Exclude<SharedTypeName, BigTypeName>;

/** The JavaScript value of a type: bigint for the 64-bit integer types, number otherwise. */
export type SharedValueOf<T extends SharedType> = T extends BigTypeName | 'q' | 'Q' ? bigint : number;

/**
 * What a write of a type accepts: for the 64-bit integer types a bigint or a number that is a
 * safe integer (converted), for the others a number.
 */
export type SharedInputOf<T extends SharedType> = T extends BigTypeName | 'q' | 'Q'
  ? bigint | number
  : number;

/** The typed array of each canonical type. */
export interface TypedArrayByName {
  int8: Int8Array;
  uint8: Uint8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  float32: Float32Array;
  float64: Float64Array;
  bigint64: BigInt64Array;
  biguint64: BigUint64Array;
}

/** The typed array a type is stored in (`Int32Array` for `'i'` and `'int32'`). */
export type TypedArrayFor<T extends SharedType> = TypedArrayByName[CanonicalType<T>];

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
