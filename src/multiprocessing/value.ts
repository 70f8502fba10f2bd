/**
 * `Value`: one number in shared memory, Python's `multiprocessing.Value`. A type name and its
 * Python typecode are one type here: `new Value('i', 0)` is a `Value<'int32'>`.
 */

import type { CanonicalType, NumberTypeName, SharedInputOf, SharedType } from './shared-types.ts';
import { Value as ValueClass } from './value-class.ts';

export type {
  BigTypeName,
  CanonicalType,
  NumberTypeName,
  SharedInputOf,
  SharedType,
  SharedTypecode,
  SharedTypeName,
  SharedValueOf,
  TypedArrayFor,
} from './shared-types.ts';

/**
 * A Value of an element type given by name or Python typecode: `Value<'i'>` and
 * `Value<'int32'>` are the same type. Un-parameterised, `Value` is any number-valued Value (so
 * `counter.value += 1` type-checks); write `Value<'bigint64'>` (or `Value<'q'>`) for a 64-bit
 * one, whose value is a bigint, and `Value<SharedType>` for a Value of any type.
 *
 * @example
 * ```ts
 * function bump(counter: Value<'int32'>) { counter.add(1); }
 * bump(new Value('i', 0));
 * ```
 */
export type Value<T extends SharedType = NumberTypeName> = ValueClass<CanonicalType<T>>;

/** The constructor of {@link Value}: infers the type from the name or typecode passed. */
export interface ValueConstructor {
  /**
   * A fresh Value of `type` (a name or a Python typecode), set to `initial` (default 0).
   *
   * @example
   * ```ts
   * const hits = new Value('i', 0); // Value<'int32'>
   * ```
   */
  new <T extends SharedType>(type: T, initial?: SharedInputOf<T>): Value<T>;
  readonly prototype: Value<SharedType>;
}

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
// The class itself, typed so that its type argument is normalised (TypeScript cannot infer
// through CanonicalType from a class constructor).
export const Value = ValueClass as unknown as ValueConstructor;
