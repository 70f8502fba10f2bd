/**
 * `spindle/asyncio` — Python's `asyncio` for Node: single-thread async primitives that are
 * FIFO-fair and cancellation-safe, tasks and structured concurrency, bridges to the thread
 * pool, and line-oriented TCP streams.
 *
 * @example
 * ```ts
 * import { Lock, Queue, Semaphore } from 'spindle/asyncio';
 * ```
 * @module
 */
export { BrokenBarrierError, QueueEmpty, QueueFull, QueueShutDown } from '../errors.ts';
export { Barrier } from './barrier.ts';
export { Condition } from './condition.ts';
export { Event } from './event.ts';
export { Lock } from './lock.ts';
export { Queue, type QueueShutdownOptions } from './queue.ts';
export { type Compare, defaultCompare, LifoQueue, PriorityQueue } from './queue-variants.ts';
export { BoundedSemaphore, Semaphore } from './semaphore.ts';
