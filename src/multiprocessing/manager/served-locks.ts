/**
 * The Manager's locks, held on behalf of clients (one client = one connected process, or the
 * parent itself). They are robust like spindle's thread locks: when a client disconnects while
 * holding one, the lock becomes owner-dead and every acquirer gets LockOwnerDeadError until
 * `markConsistent()`.
 */
import { Lock as AsyncLock } from '../../asyncio/lock.ts';
import { LockOwnerDeadError, NotHeldError } from '../../errors.ts';
import type { CallContext, Served } from './served.ts';

/** Python's acquire(blocking, timeout) over an async lock, on behalf of `ctx.client`. */
async function acquireFor(
  lock: AsyncLock,
  ctx: CallContext,
  blocking: boolean,
  timeout: number | undefined,
): Promise<boolean> {
  if (!blocking) return lock.tryAcquire();
  try {
    await lock.acquire({ timeout, signal: ctx.signal });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_TIMEOUT') return false;
    throw error;
  }
}

/** A Lock: any client may release it, as in Python. */
export class ServedLock implements Served {
  protected readonly inner = new AsyncLock();
  protected holder: number | undefined;
  protected deadOwner: number | undefined;

  async call(method: string, args: unknown[], ctx: CallContext): Promise<unknown> {
    switch (method) {
      case 'acquire':
        return this.acquire(ctx, args[0] as boolean, args[1] as number | undefined);
      case 'release':
        return this.release(ctx);
      case 'locked':
        return this.inner.locked() || this.deadOwner !== undefined;
      case 'markConsistent':
        return this.markConsistent();
      default:
        throw new TypeError(`a managed ${this.constructor.name.slice(6)} has no method "${method}"`);
    }
  }

  protected async acquire(
    ctx: CallContext,
    blocking: boolean,
    timeout: number | undefined,
  ): Promise<boolean> {
    this.#assertAlive();
    const taken = await acquireFor(this.inner, ctx, blocking, timeout);
    if (taken && this.deadOwner !== undefined) {
      // Woken by the release that marked the owner dead: pass the wakeup on and fail.
      this.inner.release();
      this.#assertAlive();
    }
    if (taken) this.holder = ctx.client;
    return taken;
  }

  protected release(_ctx: CallContext): void {
    if (!this.inner.locked()) throw new NotHeldError('release of an unlocked Lock');
    this.holder = undefined;
    this.inner.release();
  }

  /** The client went away: if it held the lock, the lock's owner is now dead. */
  clientGone(client: number): void {
    if (this.holder !== client) return;
    this.holder = undefined;
    this.deadOwner = client;
    this.inner.release();
  }

  protected markConsistent(): boolean {
    if (this.deadOwner === undefined) return false;
    this.deadOwner = undefined;
    return true;
  }

  #assertAlive(): void {
    if (this.deadOwner !== undefined) {
      throw new LockOwnerDeadError(
        this.deadOwner,
        `the process holding this managed lock (client ${this.deadOwner}) disconnected; call markConsistent()`,
      );
    }
  }
}

/** An RLock: reentrant for its owning client; only the owner may release it. */
export class ServedRLock extends ServedLock {
  #count = 0;

  protected override async acquire(
    ctx: CallContext,
    blocking: boolean,
    timeout: number | undefined,
  ): Promise<boolean> {
    if (this.holder === ctx.client && this.deadOwner === undefined) {
      this.#count++;
      return true;
    }
    const taken = await super.acquire(ctx, blocking, timeout);
    if (taken) this.#count = 1;
    return taken;
  }

  protected override release(ctx: CallContext): void {
    if (this.holder !== ctx.client)
      throw new NotHeldError('cannot release an RLock this process does not own');
    if (--this.#count === 0) super.release(ctx);
  }

  override clientGone(client: number): void {
    if (this.holder === client) this.#count = 0;
    super.clientGone(client);
  }
}
