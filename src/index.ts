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
// From their own modules, not the subpaths' index files: importing an index evaluates all of
// it (the Manager, every lock kind), which `import 'spindle'` and every worker would then pay for.
export { SharedArray } from './multiprocessing/shared-array.ts';
export type { SharedType } from './multiprocessing/shared-types.ts';
export { Value } from './multiprocessing/value.ts';
export { LifoQueue, PriorityQueue, Queue, type QueueOptions, SimpleQueue } from './queue/index.ts';
export { currentThread } from './threading/current-thread.ts';
export { Thread } from './threading/thread.ts';
export { Timer } from './threading/timer.ts';
export {
  deserializeError,
  registerErrorClass,
  type SerializedError,
  serializeError,
} from './wire/error-codec.ts';
