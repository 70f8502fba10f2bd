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
export { Lock, type LockGuard } from './lock.ts';
export { RLock } from './rlock.ts';
