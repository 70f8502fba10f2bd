/**
 * `SharedArray`: a fixed-length array of numbers in shared memory, Python's
 * `multiprocessing.Array`. Index access goes through the typed array view `.array` (fastest: no
 * Proxy in the way) or through `get(i)` / `set(i, v)`, which check the index. A type name and its
 * Python typecode are one type here: `new SharedArray('d', 3)` is a `SharedArray<'float64'>`.
 */
import { SharedArray as SharedArrayClass } from './shared-array-class.ts';
import type { CanonicalType, NumberTypeName, SharedInputOf, SharedType } from './shared-types.ts';

/**
 * A SharedArray of an element type given by name or Python typecode: `SharedArray<'d'>` and
 * `SharedArray<'float64'>` are the same type, and `.array` is the matching typed array
 * (`Float64Array`). Un-parameterised, `SharedArray` is any number-valued array; write
 * `SharedArray<'bigint64'>` (or `'q'`) for bigint elements, `SharedArray<SharedType>` for any.
 *
 * @example
 * ```ts
 * function fill(grid: SharedArray<'float64'>) { grid.array.fill(1); }
 * fill(new SharedArray('d', 8));
 * ```
 */
export type SharedArray<T extends SharedType = NumberTypeName> = SharedArrayClass<CanonicalType<T>>;

/** The constructor of {@link SharedArray}: infers the type from the name or typecode passed. */
export interface SharedArrayConstructor {
  /**
   * A fresh array of `type` (a name or a Python typecode): `length` zeros, or the given values.
   *
   * @example
   * ```ts
   * const arr = new SharedArray('i', [1, 2, 3]); // SharedArray<'int32'>
   * ```
   */
  new <T extends SharedType>(type: T, lengthOrValues: number | Iterable<SharedInputOf<T>>): SharedArray<T>;
  readonly prototype: SharedArray<SharedType>;
}

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
// The class itself, typed so that its type argument is normalised (TypeScript cannot infer
// through CanonicalType from a class constructor).
export const SharedArray = SharedArrayClass as unknown as SharedArrayConstructor;
