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
export { activeCount, currentThread, enumerate, mainThread } from './current-thread.ts';
export {
  type ExceptHook,
  type ExceptHookArgs,
  excepthook,
  getExcepthook,
  setExcepthook,
} from './excepthook.ts';
export { Lock, type LockGuard } from './lock.ts';
export { RLock } from './rlock.ts';
export { Thread, type ThreadOptions } from './thread.ts';
export { Timer, type TimerOptions } from './timer.ts';
