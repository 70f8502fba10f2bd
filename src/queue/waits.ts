/**
 * Waiting puts, gets and joins on a QueueStore, async (any thread) and blocking (workers only),
 * through the wait engine of threading/block.ts: the waiter retries the store after every change
 * of the sequence word it sleeps on, counted among that word's sleepers meanwhile.
 */
import { QueueEmpty, QueueFull, TimeoutError } from '../errors.ts';
import { type BlockOptions, blockAsync, blockSync, checkBlockOptions } from '../threading/block.ts';
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
  const checked = checkBlockOptions(options);
  const block = options?.block ?? true;
  if (typeof block !== 'boolean') throw new TypeError('block must be a boolean');
  return block ? checked : { timeout: 0, signal: checked.signal };
}

const within = (timeout: number | undefined) => (timeout ? ` within ${timeout} ms` : '');

/** Counts the caller among the sleepers of `index` while `wait` runs. */
async function sleeping<T>(words: Int32Array, index: number, wait: () => Promise<T>): Promise<T> {
  Atomics.add(words, index, 1);
  try {
    return await wait();
  } finally {
    Atomics.sub(words, index, 1);
  }
}

function sleepingSync<T>(words: Int32Array, index: number, wait: () => T): T {
  Atomics.add(words, index, 1);
  try {
    return wait();
  } finally {
    Atomics.sub(words, index, 1);
  }
}

function putPlan(store: QueueStore, item: Encoded) {
  return { word: store.header, index: NOT_FULL, attempt: () => (store.tryPut(item) ? true : undefined) };
}

function getPlan(store: QueueStore) {
  return {
    word: store.header,
    index: NOT_EMPTY,
    attempt: () => {
      const item = store.tryGet();
      return item === NOTHING ? undefined : { item };
    },
  };
}

function joinPlan(store: QueueStore) {
  const h = store.header;
  return { word: h, index: ALL_DONE, attempt: () => (Atomics.load(h, UNFINISHED) === 0 ? true : undefined) };
}

export async function putAsync(store: QueueStore, item: unknown, options?: QueueWaitOptions): Promise<void> {
  const { timeout, signal } = checkWait(options);
  const encoded = store.encode(item);
  if (!signal?.aborted && store.tryPut(encoded)) return;
  const h = store.header;
  const put = await sleeping(h, PUTTERS, () => blockAsync(putPlan(store, encoded), timeout, signal));
  if (put === undefined) throw new QueueFull(`the queue is full${within(timeout)}`);
}

export function putSync(store: QueueStore, item: unknown, options?: Omit<QueueWaitOptions, 'signal'>): void {
  const { timeout } = checkWait(options);
  const encoded = store.encode(item);
  if (store.tryPut(encoded)) return;
  const put = sleepingSync(store.header, PUTTERS, () => blockSync(putPlan(store, encoded), timeout));
  if (put === undefined) throw new QueueFull(`the queue is full${within(timeout)}`);
}

export async function getAsync(store: QueueStore, options?: QueueWaitOptions): Promise<unknown> {
  const { timeout, signal } = checkWait(options);
  if (!signal?.aborted) {
    const item = store.tryGet();
    if (item !== NOTHING) return item;
  }
  const got = await sleeping(store.header, GETTERS, () => blockAsync(getPlan(store), timeout, signal));
  if (got === undefined) throw new QueueEmpty(`the queue is empty${within(timeout)}`);
  return got.item;
}

export function getSync(store: QueueStore, options?: Omit<QueueWaitOptions, 'signal'>): unknown {
  const { timeout } = checkWait(options);
  const item = store.tryGet();
  if (item !== NOTHING) return item;
  const got = sleepingSync(store.header, GETTERS, () => blockSync(getPlan(store), timeout));
  if (got === undefined) throw new QueueEmpty(`the queue is empty${within(timeout)}`);
  return got.item;
}

export async function joinAsync(store: QueueStore, options?: BlockOptions): Promise<void> {
  const { timeout, signal } = checkBlockOptions(options);
  const done = await sleeping(store.header, JOINERS, () => blockAsync(joinPlan(store), timeout, signal));
  if (done === undefined) throw new TimeoutError(`unfinished tasks remain after ${timeout} ms`);
}

export function joinSync(store: QueueStore, options?: Omit<BlockOptions, 'signal'>): void {
  const { timeout } = checkBlockOptions(options);
  const done = sleepingSync(store.header, JOINERS, () => blockSync(joinPlan(store), timeout));
  if (done === undefined) throw new TimeoutError(`unfinished tasks remain after ${timeout} ms`);
}
