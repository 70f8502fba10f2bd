/**
 * `spindle/queue` — Python's `queue`, shared across worker threads: every thread puts and gets
 * directly in shared memory.
 *
 * @example
 * ```ts
 * import { Queue } from 'spindle/queue';
 * const q = new Queue<string>();
 * await q.put('hello');
 * await q.get(); // 'hello'
 * ```
 * @module
 */
export { QueueEmpty, QueueFull, QueueShutDown } from '../errors.ts';
export type { QueueOptions } from './options.ts';
export { Queue } from './queue.ts';
export { SimpleQueue } from './simple-queue.ts';
export { LifoQueue, PriorityQueue } from './variants.ts';
export type { QueueWaitOptions } from './waits.ts';
