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
export {
  BrokenBarrierError,
  CancelledError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  TimeoutError,
} from '../errors.ts';
export type { WaitOptions } from '../futures/wait-options.ts';
export { Barrier } from './barrier.ts';
export { Condition } from './condition.ts';
export { Event } from './event.ts';
export { ExceptionGroup } from './exception-group.ts';
export { type GatherOptions, gather } from './gather.ts';
export { Lock } from './lock.ts';
export { Queue, type QueueShutdownOptions } from './queue.ts';
export { type Compare, defaultCompare, LifoQueue, PriorityQueue } from './queue-variants.ts';
export { BoundedSemaphore, Semaphore } from './semaphore.ts';
export { type ClientConnected, Server, type StartServerOptions, startServer } from './server.ts';
export { shield } from './shield.ts';
export { type SleepOptions, sleep } from './sleep.ts';
export { IncompleteReadError, LimitOverrunError } from './stream-errors.ts';
export { DEFAULT_LIMIT, StreamReader } from './stream-reader.ts';
export { StreamWriter } from './stream-writer.ts';
export { type OpenConnectionOptions, openConnection } from './streams.ts';
export { type CreateTaskOptions, createTask, currentTask, Task, type TaskFunction } from './task.ts';
export { TaskGroup, type TaskGroupOptions } from './task-group.ts';
export { Timeout, type TimeoutScopeOptions, timeout, timeoutAt } from './timeouts.ts';
export { runInExecutor, shutdownDefaultExecutor, toThread } from './to-thread.ts';
export {
  ALL_COMPLETED,
  asCompleted,
  type DoneAndPending,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  type WaitTasksOptions,
  wait,
} from './wait.ts';
export { type WaitForOptions, waitFor } from './wait-for.ts';
