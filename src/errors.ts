/**
 * The SpindleError family: every error spindle raises has a stable `code` and a literal `name`
 * that callers can narrow on, and keeps its identity when it crosses a thread boundary (the
 * crossing itself lives in `wire/error-codec.ts`).
 *
 * @example
 * ```ts
 * import { TimeoutError } from 'spindle';
 * try { await future.result({ timeout: 100 }); }
 * catch (e) { if (e instanceof TimeoutError) console.log(e.code); } // 'ERR_TIMEOUT'
 * ```
 * @module
 */

/** Options accepted by every SpindleError constructor. */
export interface SpindleErrorOptions {
  cause?: unknown;
}

/**
 * Base class of every error spindle raises.
 *
 * @example
 * ```ts
 * if (err instanceof SpindleError && err.code === 'ERR_EXECUTOR_SHUTDOWN') { … }
 * ```
 */
export class SpindleError extends Error {
  override name = 'SpindleError';
  readonly code: string;
  constructor(code: string, message: string, options?: SpindleErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/**
 * The future (or the operation waiting on it) was cancelled. Python's `CancelledError`.
 *
 * @example
 * ```ts
 * f.cancel(); await f.result().catch((e) => e instanceof CancelledError); // true
 * ```
 */
export class CancelledError extends SpindleError {
  override name = 'CancelledError' as const;
  constructor(message = 'the future was cancelled', options?: SpindleErrorOptions) {
    super('ERR_CANCELLED', message, options);
  }
}

/**
 * A deadline passed. Python's `TimeoutError`.
 *
 * @example
 * ```ts
 * await f.result({ timeout: 10 }).catch((e) => e.code); // 'ERR_TIMEOUT'
 * ```
 */
export class TimeoutError extends SpindleError {
  override name = 'TimeoutError' as const;
  constructor(message = 'the operation timed out', options?: SpindleErrorOptions) {
    super('ERR_TIMEOUT', message, options);
  }
}

/**
 * An operation is not allowed in the object's current state (e.g. setting a result twice).
 *
 * @example
 * ```ts
 * future.setResult(1); future.setResult(2); // throws InvalidStateError
 * ```
 */
export class InvalidStateError extends SpindleError {
  override name = 'InvalidStateError' as const;
  constructor(message: string, options?: SpindleErrorOptions) {
    super('ERR_INVALID_STATE', message, options);
  }
}

/**
 * The executor can no longer run work (an initializer failed, workers keep dying at start-up).
 * Python's `BrokenExecutor` / `BrokenThreadPool`.
 *
 * @example
 * ```ts
 * const pool = new ThreadPoolExecutor({ initializer: failingInit });
 * await pool.submit(task).catch((e) => e instanceof BrokenExecutorError); // true
 * ```
 */
export class BrokenExecutorError extends SpindleError {
  override name = 'BrokenExecutorError' as const;
  constructor(message: string, options?: SpindleErrorOptions) {
    super('ERR_BROKEN_EXECUTOR', message, options);
  }
}

/**
 * The worker running a task died (uncaught error, `process.exit`, out of memory). Only the
 * futures that worker was running fail with it; the pool replaces the worker.
 *
 * @example
 * ```ts
 * await pool.submit(exitsProcess).catch((e) => e.exitCode); // e.g. 3
 * ```
 */
export class WorkerCrashedError extends SpindleError {
  override name = 'WorkerCrashedError' as const;
  /** The worker's exit code, when it exited. */
  readonly exitCode: number | null;
  /** The signal that killed a child process (process runtime only). */
  readonly signal: string | null;
  constructor(
    message: string,
    details: { exitCode?: number | null; signal?: string | null } & SpindleErrorOptions = {},
  ) {
    super('ERR_WORKER_CRASHED', message, details);
    this.exitCode = details.exitCode ?? null;
    this.signal = details.signal ?? null;
  }
}

/**
 * A bounded queue had no room. Python's `queue.Full`.
 *
 * @example
 * ```ts
 * const pool = new ThreadPoolExecutor({ maxQueue: 1 });
 * try { pool.submit(t); pool.submit(t); pool.submit(t); } catch (e) { e.code; } // 'ERR_QUEUE_FULL'
 * ```
 */
export class QueueFull extends SpindleError {
  override name = 'QueueFull' as const;
  constructor(message = 'the queue is full', options?: SpindleErrorOptions) {
    super('ERR_QUEUE_FULL', message, options);
  }
}

/**
 * A queue had no item to take without waiting. Python's `queue.Empty` / `asyncio.QueueEmpty`.
 *
 * @example
 * ```ts
 * try { new Queue().getNowait(); } catch (e) { e.code; } // 'ERR_QUEUE_EMPTY'
 * ```
 */
export class QueueEmpty extends SpindleError {
  override name = 'QueueEmpty' as const;
  constructor(message = 'the queue is empty', options?: SpindleErrorOptions) {
    super('ERR_QUEUE_EMPTY', message, options);
  }
}

/**
 * The queue was shut down: no more puts, and no more gets once it is empty. Python 3.13's
 * `QueueShutDown`.
 *
 * @example
 * ```ts
 * q.shutdown(); await q.put(1).catch((e) => e.code); // 'ERR_QUEUE_SHUT_DOWN'
 * ```
 */
export class QueueShutDown extends SpindleError {
  override name = 'QueueShutDown' as const;
  constructor(message = 'the queue was shut down', options?: SpindleErrorOptions) {
    super('ERR_QUEUE_SHUT_DOWN', message, options);
  }
}

/**
 * A barrier was reset or aborted while parties were waiting on it. Python's `BrokenBarrierError`.
 *
 * @example
 * ```ts
 * const b = new Barrier(2); const w = b.wait(); b.abort();
 * await w.catch((e) => e.code); // 'ERR_BROKEN_BARRIER'
 * ```
 */
export class BrokenBarrierError extends SpindleError {
  override name = 'BrokenBarrierError' as const;
  constructor(message = 'the barrier is broken', options?: SpindleErrorOptions) {
    super('ERR_BROKEN_BARRIER', message, options);
  }
}

/**
 * A task could not be found or loaded inside a worker, or a function cannot be shipped as a task.
 *
 * @example
 * ```ts
 * const k = 2;
 * await pool.submit((x: number) => x * k, 1).catch((e) => e.code); // 'ERR_TASK_CLOSURE'
 * ```
 */
export class TaskDefinitionError extends SpindleError {
  override name = 'TaskDefinitionError' as const;
}

/**
 * The thread holding a Lock or RLock died (crashed or was terminated) while holding it, so the
 * data it protected may be half-updated. Every waiter, present and future, gets this error until
 * someone checks that data and calls `lock.markConsistent()` — like a robust pthread mutex.
 *
 * @example
 * ```ts
 * try { await lock.acquire(); }
 * catch (e) { if (e instanceof LockOwnerDeadError) { repair(); lock.markConsistent(); } }
 * ```
 */
export class LockOwnerDeadError extends SpindleError {
  override name = 'LockOwnerDeadError' as const;
  /** The ident of the thread that died holding the lock. */
  readonly ownerIdent: number;
  constructor(ownerIdent: number, message?: string, options?: SpindleErrorOptions) {
    super(
      'ERR_LOCK_OWNER_DEAD',
      message ??
        `thread ${ownerIdent} died holding the lock; call markConsistent() once its data is repaired`,
      options,
    );
    this.ownerIdent = ownerIdent;
  }
}

/**
 * A lock was released that the caller does not hold (an unlocked Lock, or an RLock owned by
 * another thread), or a semaphore was released past its bound. Python raises RuntimeError or
 * ValueError here.
 *
 * @example
 * ```ts
 * try { new Lock().release(); } catch (e) { e.code; } // 'ERR_NOT_HELD'
 * ```
 */
export class NotHeldError extends SpindleError {
  override name = 'NotHeldError' as const;
  constructor(message: string, options?: SpindleErrorOptions) {
    super('ERR_NOT_HELD', message, options);
  }
}

/**
 * Python's `EOFError` for pipes: `recv()` on a connection whose other end is closed (or whose
 * process has exited) and that holds no more messages.
 *
 * @example
 * ```ts
 * const [a, b] = Pipe(); b.close();
 * await a.recv().catch((e) => e.code); // 'ERR_EOF'
 * ```
 */
export class EOFError extends SpindleError {
  override name = 'EOFError' as const;
  constructor(message = 'the other end of the pipe is closed', options?: SpindleErrorOptions) {
    super('ERR_EOF', message, options);
  }
}
