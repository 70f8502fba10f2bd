/**
 * `spindle/multiprocessing` — Python's `multiprocessing`: shared numbers and arrays.
 *
 * @example
 * ```ts
 * import { Value } from 'spindle/multiprocessing';
 * const hits = new Value('int32', 0);
 * hits.add(1);
 * ```
 * @module
 */
export { SharedArray } from './shared-array.ts';
export { type SharedType, type SharedValueOf, Value } from './value.ts';
