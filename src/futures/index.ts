/**
 * `spindle/futures` — Python's `concurrent.futures`.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, asCompleted, wait, FIRST_COMPLETED } from 'spindle/futures';
 * ```
 * @module
 */

export type { DurationSummary, PoolStats } from '../pool/stats.ts';
export { currentTask, type TaskContext } from '../tasks/current-task.ts';
export { type DefineTaskOptions, defineTask, type Task } from '../tasks/task.ts';
export { asCompleted } from './as-completed.ts';
export type { Executor, MapOptions, ShutdownOptions, SubmitOptions } from './executor.ts';
export { Future, type FutureState } from './future.ts';
export { type MapArguments, type MapIterables, MapResults } from './map.ts';
export { PoolExecutor, type PoolExecutorOptions } from './pool-executor.ts';
export { ProcessPoolExecutor, type ProcessPoolExecutorOptions } from './process-pool-executor.ts';
export { ThreadPoolExecutor, type ThreadPoolExecutorOptions } from './thread-pool-executor.ts';
export {
  ALL_COMPLETED,
  type DoneAndNotDone,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  type WaitForFuturesOptions,
  wait,
} from './wait.ts';
export type { WaitOptions } from './wait-options.ts';
