/**
 * The proxies a Manager hands out, one class per kind. Their methods mirror the thread-level
 * primitives, but every call is a round trip to the parent, so every method returns a Promise.
 */
import { checkSignal, checkTimeout } from '../../futures/wait-options.ts';
import type { BlockOptions } from '../../threading/block.ts';
import { ManagedLockLike, ManagedProxy, registerProxy } from './proxy.ts';

function waitArgs(options: BlockOptions | undefined): [number | undefined, AbortSignal | undefined] {
  return [checkTimeout(options?.timeout), checkSignal(options?.signal)];
}

/**
 * A Lock owned by the Manager, usable from any process. Robust: if a process dies holding it,
 * acquirers get LockOwnerDeadError until `markConsistent()`.
 *
 * @example
 * ```ts
 * const lock = manager.Lock();
 * { await using _ = await lock.hold(); await counter.set((await counter.get()) + 1); }
 * ```
 */
export class ManagedLock extends ManagedLockLike {
  static readonly managedType: string = 'Lock';

  /**
   * True while held.
   *
   * @example
   * ```ts
   * await lock.locked();
   * ```
   */
  locked(): Promise<boolean> {
    return this.call('locked') as Promise<boolean>;
  }

  /**
   * Makes a lock whose holder died usable again; false if it was not in that state.
   *
   * @example
   * ```ts
   * await lock.markConsistent();
   * ```
   */
  markConsistent(): Promise<boolean> {
    return this.call('markConsistent') as Promise<boolean>;
  }
}

/**
 * A reentrant Lock owned by the Manager; the owner is the calling process.
 *
 * @example
 * ```ts
 * const rlock = manager.RLock(); await rlock.acquire(); await rlock.acquire();
 * ```
 */
export class ManagedRLock extends ManagedLock {
  static override readonly managedType: string = 'RLock';
}

/**
 * A Semaphore (or BoundedSemaphore) owned by the Manager.
 *
 * @example
 * ```ts
 * const slots = manager.Semaphore(2); { await using _ = await slots.hold(); }
 * ```
 */
export class ManagedSemaphore extends ManagedLockLike {
  static readonly managedType: string = 'Semaphore';

  /**
   * Releases `n` permits.
   *
   * @example
   * ```ts
   * await slots.release(2);
   * ```
   */
  override release(n = 1): Promise<void> {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer >= 1, got ${String(n)}`);
    return this.call('release', [n]) as Promise<void>;
  }

  /**
   * The current count.
   *
   * @example
   * ```ts
   * await slots.value();
   * ```
   */
  value(): Promise<number> {
    return this.call('value') as Promise<number>;
  }
}

/**
 * An Event owned by the Manager.
 *
 * @example
 * ```ts
 * const ready = manager.Event(); await ready.set(); await ready.wait({ timeout: 1000 }); // true
 * ```
 */
export class ManagedEvent extends ManagedProxy {
  static readonly managedType: string = 'Event';

  /** Sets the flag and wakes every waiter. @example `await ready.set();` */
  set(): Promise<void> {
    return this.call('set') as Promise<void>;
  }

  /** Clears the flag. @example `await ready.clear();` */
  clear(): Promise<void> {
    return this.call('clear') as Promise<void>;
  }

  /** The flag. @example `await ready.isSet();` */
  isSet(): Promise<boolean> {
    return this.call('isSet') as Promise<boolean>;
  }

  /** Blocking wait, for worker threads and worker processes. @example `ready.waitSync({ timeout: 50 });` */
  waitSync(options?: Omit<BlockOptions, 'signal'>): boolean {
    return this.callSync('wait', [checkTimeout(options?.timeout)], 'waitSync()', 'await wait()') as boolean;
  }

  /** Blocking set. @example `ready.setSync();` */
  setSync(): void {
    this.callSync('set', [], 'setSync()', 'await set()');
  }

  /** Waits for the flag; false when `timeout` passes first. @example `await ready.wait({ timeout: 50 });` */
  wait(options?: BlockOptions): Promise<boolean> {
    const [timeout, signal] = waitArgs(options);
    return this.call('wait', [timeout], signal) as Promise<boolean>;
  }
}

/**
 * A Condition owned by the Manager (with its own lock, held by the calling process).
 *
 * @example
 * ```ts
 * const cond = manager.Condition();
 * await cond.acquire(); while (!(await ready.get())) await cond.wait(); await cond.release();
 * ```
 */
export class ManagedCondition extends ManagedLockLike {
  static readonly managedType: string = 'Condition';

  /** Releases the lock, waits for a notify, re-acquires. False on timeout. @example `await cond.wait({ timeout: 100 });` */
  wait(options?: BlockOptions): Promise<boolean> {
    const [timeout, signal] = waitArgs(options);
    return this.call('wait', [timeout], signal) as Promise<boolean>;
  }

  /**
   * Waits until `predicate()` (evaluated here, with the lock held) is truthy.
   *
   * @example
   * ```ts
   * await cond.waitFor(async () => (await items.length()) > 0);
   * ```
   */
  async waitFor<R>(predicate: () => R | Promise<R>, options?: BlockOptions): Promise<R> {
    const [timeout] = waitArgs(options);
    const deadline = timeout === undefined ? undefined : performance.now() + timeout;
    for (;;) {
      const result = await predicate();
      if (result) return result;
      const left = deadline === undefined ? undefined : deadline - performance.now();
      if (left !== undefined && left <= 0) return result;
      await this.wait({ timeout: left, signal: options?.signal });
    }
  }

  /** Blocking wait. @example `cond.waitSync({ timeout: 100 });` */
  waitSync(options?: Omit<BlockOptions, 'signal'>): boolean {
    return this.callSync('wait', [checkTimeout(options?.timeout)], 'waitSync()', 'await wait()') as boolean;
  }

  /** Blocking notify. @example `cond.notifySync();` */
  notifySync(n = 1): void {
    this.callSync('notify', [n], 'notifySync()', 'await notify()');
  }

  /** Blocking notifyAll. @example `cond.notifyAllSync();` */
  notifyAllSync(): void {
    this.callSync('notifyAll', [], 'notifyAllSync()', 'await notifyAll()');
  }

  /** Wakes up to `n` waiters. @example `await cond.notify();` */
  notify(n = 1): Promise<void> {
    return this.call('notify', [n]) as Promise<void>;
  }

  /** Wakes every waiter. @example `await cond.notifyAll();` */
  notifyAll(): Promise<void> {
    return this.call('notifyAll') as Promise<void>;
  }
}

/**
 * A Barrier owned by the Manager.
 *
 * @example
 * ```ts
 * const start = manager.Barrier(4); const index = await start.wait();
 * ```
 */
export class ManagedBarrier extends ManagedProxy {
  static readonly managedType: string = 'Barrier';

  /** Waits for every party; resolves to this party's arrival index. @example `await start.wait();` */
  wait(options?: BlockOptions): Promise<number> {
    const [timeout, signal] = waitArgs(options);
    return this.call('wait', [timeout], signal) as Promise<number>;
  }

  /** Blocking wait. @example `const index = start.waitSync();` */
  waitSync(options?: Omit<BlockOptions, 'signal'>): number {
    return this.callSync('wait', [checkTimeout(options?.timeout)], 'waitSync()', 'await wait()') as number;
  }

  /** Breaks current waiters and makes it reusable. @example `await start.reset();` */
  reset(): Promise<void> {
    return this.call('reset') as Promise<void>;
  }

  /** Breaks it for current and future waiters. @example `await start.abort();` */
  abort(): Promise<void> {
    return this.call('abort') as Promise<void>;
  }

  /** Whether it is broken. @example `await start.broken();` */
  broken(): Promise<boolean> {
    return this.call('broken') as Promise<boolean>;
  }

  /** How many parties wait now. @example `await start.nWaiting();` */
  nWaiting(): Promise<number> {
    return this.call('nWaiting') as Promise<number>;
  }
}

registerProxy(ManagedLock);
registerProxy(ManagedRLock);
registerProxy(ManagedSemaphore);
registerProxy(ManagedEvent);
registerProxy(ManagedCondition);
registerProxy(ManagedBarrier);
