/**
 * `spindle/threading` — Python's `threading` over worker threads and shared memory.
 *
 * @example
 * ```ts
 * import { Lock } from 'spindle/threading';
 * const lock = new Lock();
 * { using _ = await lock.hold(); }
 * ```
 * @module
 */
export type { AcquireOptions } from './acquire-options.ts';
export { Barrier, type BarrierOptions, type BarrierWaitOptions } from './barrier.ts';
export type { BarrierAction } from './barrier-action.ts';
export { Condition, type ConditionOptions, type ConditionWaitOptions } from './condition.ts';
export { activeCount, currentThread, enumerate, mainThread } from './current-thread.ts';
export { Event, type EventWaitOptions } from './event.ts';
export {
  type ExceptHook,
  type ExceptHookArgs,
  excepthook,
  getExcepthook,
  setExcepthook,
} from './excepthook.ts';
export { Lock, type LockGuard } from './lock.ts';
export { RLock } from './rlock.ts';
export { BoundedSemaphore, Semaphore } from './semaphore.ts';
export { Thread, type ThreadOptions } from './thread.ts';
export { Timer, type TimerOptions } from './timer.ts';
