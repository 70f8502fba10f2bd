/**
 * What the Manager serves: objects living in the parent process that clients call by method
 * name. Each kind lists the methods it allows; anything else is a TypeError, so a client can
 * never reach past the object's public operations.
 */
import { Barrier as AsyncBarrier } from '../../asyncio/barrier.ts';
import { Condition as AsyncCondition } from '../../asyncio/condition.ts';
import { Event as AsyncEvent } from '../../asyncio/event.ts';
import { Lock as AsyncLock } from '../../asyncio/lock.ts';
import { Queue as AsyncQueue } from '../../asyncio/queue.ts';
import {
  BoundedSemaphore as AsyncBoundedSemaphore,
  Semaphore as AsyncSemaphore,
} from '../../asyncio/semaphore.ts';
import { NotHeldError, QueueEmpty, QueueFull } from '../../errors.ts';

/** Who is calling, and how the call may end early. */
export interface CallContext {
  /** The calling client (a connection, or 0 for the parent itself). */
  client: number;
  /** Aborted when the client cancels the call or disconnects. */
  signal: AbortSignal;
}

/** A served object. */
export interface Served {
  call(method: string, args: unknown[], ctx: CallContext): unknown;
  /** A client disconnected (locks held by it become owner-dead). */
  clientGone?(client: number): void;
}

type Method = (args: unknown[], ctx: CallContext) => unknown;

/** A served object defined by a table of allowed methods. */
export class ServedTable implements Served {
  constructor(
    readonly kind: string,
    readonly methods: Record<string, Method>,
  ) {}

  call(method: string, args: unknown[], ctx: CallContext): unknown {
    const fn = Object.hasOwn(this.methods, method) ? this.methods[method] : undefined;
    if (fn === undefined) throw new TypeError(`a managed ${this.kind} has no method "${method}"`);
    return fn(args, ctx);
  }
}

/** `{ timeout, signal }` for a wait made on behalf of a client. */
function waitOf(timeout: unknown, ctx: CallContext): { timeout: number | undefined; signal: AbortSignal } {
  return { timeout: timeout as number | undefined, signal: ctx.signal };
}

/** A wait that resolves false instead of rejecting when its timeout passes (Python's style). */
async function falseOnTimeout(wait: Promise<unknown>): Promise<boolean> {
  try {
    await wait;
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_TIMEOUT') return false;
    throw error;
  }
}

/** Python's queue raises Empty/Full when a timed get/put gives up, not a TimeoutError. */
async function orOnTimeout<T>(wait: Promise<T>, error: () => Error): Promise<T> {
  try {
    return await wait;
  } catch (caught) {
    if ((caught as { code?: string }).code === 'ERR_TIMEOUT') throw error();
    throw caught;
  }
}

export function servedSemaphore(value: number, bounded: boolean): ServedTable {
  const sem = bounded ? new AsyncBoundedSemaphore(value) : new AsyncSemaphore(value);
  return new ServedTable(bounded ? 'BoundedSemaphore' : 'Semaphore', {
    acquire: ([blocking, timeout], ctx) =>
      blocking === false ? sem.tryAcquire() : falseOnTimeout(sem.acquire(waitOf(timeout, ctx))),
    release: ([n]) => {
      for (let i = 0; i < ((n as number | undefined) ?? 1); i++) sem.release();
    },
    value: () => sem.value,
  });
}

export function servedEvent(): ServedTable {
  const event = new AsyncEvent();
  return new ServedTable('Event', {
    set: () => event.set(),
    clear: () => event.clear(),
    isSet: () => event.isSet(),
    wait: ([timeout], ctx) => falseOnTimeout(event.wait(waitOf(timeout, ctx))),
  });
}

export function servedCondition(): ServedTable {
  const lock = new AsyncLock();
  const condition = new AsyncCondition(lock);
  let holder: number | undefined;
  const assertHeld = (ctx: CallContext, what: string) => {
    if (holder !== ctx.client)
      throw new NotHeldError(`cannot ${what} a managed Condition this process has not acquired`);
  };
  return new ServedTable('Condition', {
    acquire: async ([blocking, timeout], ctx) => {
      const taken =
        blocking === false ? lock.tryAcquire() : await falseOnTimeout(lock.acquire(waitOf(timeout, ctx)));
      if (taken) holder = ctx.client;
      return taken;
    },
    release: (_, ctx) => {
      assertHeld(ctx, 'release');
      holder = undefined;
      lock.release();
    },
    wait: async ([timeout], ctx) => {
      assertHeld(ctx, 'wait on');
      holder = undefined;
      try {
        return await falseOnTimeout(condition.wait(waitOf(timeout, ctx)));
      } finally {
        holder = ctx.client; // asyncio's wait re-acquires the lock whatever happens
      }
    },
    notify: ([n], ctx) => {
      assertHeld(ctx, 'notify');
      condition.notify((n as number | undefined) ?? 1);
    },
    notifyAll: (_, ctx) => {
      assertHeld(ctx, 'notify');
      condition.notifyAll();
    },
  });
}

export function servedBarrier(parties: number): ServedTable {
  const barrier = new AsyncBarrier(parties);
  return new ServedTable('Barrier', {
    wait: ([timeout], ctx) => barrier.wait(waitOf(timeout, ctx)),
    reset: () => barrier.reset(),
    abort: () => barrier.abort(),
    parties: () => barrier.parties,
    nWaiting: () => barrier.nWaiting,
    broken: () => barrier.broken,
  });
}

export function servedQueue(maxsize: number): ServedTable {
  const queue = new AsyncQueue<unknown>(maxsize);
  return new ServedTable('Queue', {
    put: ([item, timeout], ctx) => orOnTimeout(queue.put(item, waitOf(timeout, ctx)), () => new QueueFull()),
    putNowait: ([item]) => queue.putNowait(item),
    get: ([timeout], ctx) => orOnTimeout(queue.get(waitOf(timeout, ctx)), () => new QueueEmpty()),
    getNowait: () => queue.getNowait(),
    taskDone: () => queue.taskDone(),
    join: ([timeout], ctx) => queue.join(waitOf(timeout, ctx)),
    qsize: () => queue.qsize(),
    empty: () => queue.empty(),
    full: () => queue.full(),
    shutdown: ([immediate]) => queue.shutdown({ immediate: immediate === true }),
  });
}

export function servedValue(initial: unknown): ServedTable {
  let value = initial;
  return new ServedTable('Value', {
    get: () => value,
    set: ([v]) => {
      value = v;
    },
    add: ([delta]) => {
      value = (value as number) + (delta as number);
      return value;
    },
  });
}
