/**
 * spindle — Python's concurrency toolkit for TypeScript on Node.js. The everyday names;
 * the full surface lives in the subpaths (`spindle/futures`, …).
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, asCompleted, defineTask } from 'spindle';
 * ```
 * @module
 */
export * from './errors.ts';
export * from './futures/index.ts';
export { SharedArray, type SharedType, Value } from './multiprocessing/index.ts';
export { LifoQueue, PriorityQueue, Queue, type QueueOptions, SimpleQueue } from './queue/index.ts';
export { currentThread, Thread, Timer } from './threading/index.ts';
export {
  deserializeError,
  registerErrorClass,
  type SerializedError,
  serializeError,
} from './wire/error-codec.ts';
