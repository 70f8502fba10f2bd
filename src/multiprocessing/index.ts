/**
 * `spindle/multiprocessing` — Python's `multiprocessing`: {@link Process}, {@link Pool} and
 * {@link Pipe} on child processes.
 *
 * @example
 * ```ts
 * import { Pipe, Pool, Process } from 'spindle/multiprocessing';
 * ```
 * @module
 */

export { EOFError } from '../errors.ts';
export { Connection, Pipe, type PipeOptions } from './connection.ts';
export {
  ManagedDict,
  ManagedList,
  ManagedQueue,
  type ManagedQueueWait,
  ManagedValue,
} from './manager/data-proxies.ts';
export { Manager, SyncManager } from './manager/manager.ts';
export {
  ManagedBarrier,
  ManagedCondition,
  ManagedEvent,
  ManagedLock,
  ManagedRLock,
  ManagedSemaphore,
} from './manager/proxies.ts';
export { Pool, type PoolOptions } from './pool.ts';
export { Process, type ProcessOptions } from './process.ts';
export { SharedArray, type SharedArrayConstructor } from './shared-array.ts';
export {
  type CanonicalType,
  type NumberTypeName,
  type SharedInputOf,
  type SharedType,
  type SharedTypecode,
  type SharedTypeName,
  type SharedValueOf,
  Value,
  type ValueConstructor,
} from './value.ts';
