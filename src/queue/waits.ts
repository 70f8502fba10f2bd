/**
 * Waiting puts, gets and joins on a QueueStore, async (any thread) and blocking (workers only),
 * through the wait engine of threading/block.ts: the waiter retries the store after every change
 * of the sequence word it sleeps on, counted among that word's sleepers meanwhile.
 */
import { QueueEmpty, QueueFull, TimeoutError } from '../errors.ts';
import {
  type BlockOptions,
  type BlockPlan,
  blockAsync,
  blockSync,
  checkBlockOptions,
} from '../threading/block.ts';
import { ALL_DONE, GETTERS, JOINERS, NOT_EMPTY, NOT_FULL, PUTTERS, UNFINISHED } from './layout.ts';
import { type Encoded, NOTHING, type QueueStore } from './store.ts';

/** Options of put() and get(): Python's `block` and `timeout` (ms), plus an AbortSignal. */
export interface QueueWaitOptions extends BlockOptions {
  /** `false`: do it now or throw QueueFull/QueueEmpty (Python's `block=False`). Default true. */
  block?: boolean;
}

/** Validated wait options: `timeout` 0 for a non-blocking call (Python ignores timeout then). */
function checkWait(options: QueueWaitOptions | undefined): {
  timeout: number | undefined;
  signal: AbortSignal | undefined;
} {
  if (options === undefined) return BLOCKING;
  if (options === NOWAIT) return NON_BLOCKING;
  const checked = checkBlockOptions(options);
  const block = options?.block ?? true;
  if (typeof block !== 'boolean') throw new TypeError('block must be a boolean');
  return block ? checked : { timeout: 0, signal: checked.signal };
}

/** The options of putNowait() and getNowait(), and what checkWait makes of them and of none. */
export const NOWAIT: QueueWaitOptions = Object.freeze({ block: false });
const NON_BLOCKING = Object.freeze({ timeout: 0, signal: undefined });
const BLOCKING = Object.freeze({ timeout: undefined, signal: undefined });

const within = (timeout: number | undefined) => (timeout ? ` within ${timeout} ms` : '');

/**
 * Re-reads of the sequence word before each sleep of a put or get: long enough to cover the
 * other side's next put or get (a few microseconds), so that a steady stream between two threads
 * rarely sleeps and needs no wake-up; short enough to cost little when it does: about 50 µs on
 * the 2-vCPU bench box. (20,000 gave S10 the same object ratio and burned ~0.5 ms of CPU per
 * empty get, in every woken getter that lost the race for the item.)
 */
const SPINS = 2000;

function putPlan(store: QueueStore, item: Encoded): BlockPlan<true> {
  return {
    word: store.header,
    index: NOT_FULL,
    sleepers: PUTTERS,
    spin: SPINS,
    attempt: () => (store.tryPut(item) ? true : undefined),
  };
}

/** The get and join plans of each store (they hold no per-call state, so one of each serves all calls). */
const plans = new WeakMap<QueueStore, { get: BlockPlan<{ item: unknown }>; join: BlockPlan<true> }>();

function storePlans(store: QueueStore): { get: BlockPlan<{ item: unknown }>; join: BlockPlan<true> } {
  let found = plans.get(store);
  if (found === undefined) {
    const h = store.header;
    found = {
      get: {
        word: h,
        index: NOT_EMPTY,
        sleepers: GETTERS,
        spin: SPINS,
        attempt: () => {
          const item = store.tryGet();
          return item === NOTHING ? undefined : { item };
        },
      },
      join: {
        word: h,
        index: ALL_DONE,
        sleepers: JOINERS,
        attempt: () => (Atomics.load(h, UNFINISHED) === 0 ? true : undefined),
      },
    };
    plans.set(store, found);
  }
  return found;
}

export async function putAsync(store: QueueStore, item: unknown, options?: QueueWaitOptions): Promise<void> {
  const { timeout, signal } = checkWait(options);
  const encoded = store.encode(item);
  if (!signal?.aborted && store.tryPut(encoded)) return;
  const put = await blockAsync(putPlan(store, encoded), timeout, signal);
  if (put === undefined) throw new QueueFull(`the queue is full${within(timeout)}`);
}

export function putSync(store: QueueStore, item: unknown, options?: Omit<QueueWaitOptions, 'signal'>): void {
  const { timeout } = checkWait(options);
  const encoded = store.encode(item);
  if (store.tryPut(encoded)) return;
  const put = blockSync(putPlan(store, encoded), timeout);
  if (put === undefined) throw new QueueFull(`the queue is full${within(timeout)}`);
}

export async function getAsync(store: QueueStore, options?: QueueWaitOptions): Promise<unknown> {
  const { timeout, signal } = checkWait(options);
  if (!signal?.aborted) {
    const item = store.tryGet();
    if (item !== NOTHING) return item;
  }
  const got = await blockAsync(storePlans(store).get, timeout, signal);
  if (got === undefined) throw new QueueEmpty(`the queue is empty${within(timeout)}`);
  return got.item;
}

export function getSync(store: QueueStore, options?: Omit<QueueWaitOptions, 'signal'>): unknown {
  const { timeout } = checkWait(options);
  const item = store.tryGet();
  if (item !== NOTHING) return item;
  const got = blockSync(storePlans(store).get, timeout);
  if (got === undefined) throw new QueueEmpty(`the queue is empty${within(timeout)}`);
  return got.item;
}

export async function joinAsync(store: QueueStore, options?: BlockOptions): Promise<void> {
  const { timeout, signal } = checkBlockOptions(options);
  const done = await blockAsync(storePlans(store).join, timeout, signal);
  if (done === undefined) throw new TimeoutError(`unfinished tasks remain after ${timeout} ms`);
}

export function joinSync(store: QueueStore, options?: Omit<BlockOptions, 'signal'>): void {
  const { timeout } = checkBlockOptions(options);
  const done = blockSync(storePlans(store).join, timeout);
  if (done === undefined) throw new TimeoutError(`unfinished tasks remain after ${timeout} ms`);
}
