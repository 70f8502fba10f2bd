import { QueueEmpty, QueueFull, QueueShutDown, SpindleError } from '../errors.ts';
import type { WaitOptions } from '../futures/wait-options.ts';
import { Deque } from '../pool/deque.ts';
import { checkWait, WaiterList } from './waiters.ts';

/** Options of {@link Queue.shutdown}. */
export interface QueueShutdownOptions {
  /** Also drop the items still queued (they count as done for `join()`). Default false. */
  immediate?: boolean;
}

/**
 * A FIFO queue for async producers and consumers on one thread: Python's `asyncio.Queue`.
 * With `maxsize > 0`, `put` waits for room. Items go straight to a waiting `get` and waiting
 * puts move straight into freed room, in arrival order, in one synchronous step — so an aborted
 * or timed-out `get`/`put` never loses or duplicates an item.
 *
 * @example
 * ```ts
 * import { Queue } from 'spindle/asyncio';
 * const q = new Queue<string>(10);
 * const worker = (async () => { for (;;) { const job = await q.get(); console.log(job); q.taskDone(); } })();
 * await q.put('a'); await q.put('b');
 * await q.join(); // every item was processed
 * ```
 */
export class Queue<T> {
  readonly #maxsize: number;
  readonly #items = new Deque<T>();
  readonly #getters = new WaiterList<T>();
  readonly #putters = new WaiterList<void, T>();
  readonly #joiners = new WaiterList<void>();
  #unfinished = 0;
  #shutdown = false;

  /** @param maxsize most items held (an integer >= 0; 0, the default, means unbounded). */
  constructor(maxsize = 0) {
    if (!Number.isInteger(maxsize) || maxsize < 0) {
      throw new RangeError(`maxsize must be an integer >= 0, got ${String(maxsize)}`);
    }
    this.#maxsize = maxsize;
  }

  /** The bound given at construction (0: unbounded). */
  get maxsize(): number {
    return this.#maxsize;
  }

  /**
   * Items put and not yet marked done with `taskDone()` (Python's `_unfinished_tasks`); `join()`
   * resolves when it reaches 0. Read-only.
   *
   * @example
   * ```ts
   * q.putNowait('job'); q.unfinishedTasks; // 1
   * ```
   */
  get unfinishedTasks(): number {
    return this.#unfinished;
  }

  /** Items in the queue. */
  qsize(): number {
    return this._size();
  }

  /** True when there is no item. */
  empty(): boolean {
    return this._size() === 0;
  }

  /** True when a `put` would have to wait. */
  full(): boolean {
    return this.#maxsize > 0 && this._size() >= this.#maxsize;
  }

  /** True after {@link Queue.shutdown}. */
  get isShutdown(): boolean {
    return this.#shutdown;
  }

  /**
   * Adds an item, waiting for room if the queue is full. Rejects with `QueueShutDown`,
   * `TimeoutError` or the signal's reason — and then the item was not added.
   *
   * @example
   * ```ts
   * await q.put(job, { timeout: 1000 });
   * ```
   */
  put(item: T, options?: WaitOptions): Promise<void> {
    const wait = checkWait(options);
    if (this.#shutdown) return Promise.reject(new QueueShutDown());
    if (wait.signal?.aborted || this.full()) return this.#putters.park(wait, item, 'the item was not put');
    this.#insert(item);
    return Promise.resolve();
  }

  /**
   * Adds an item without waiting; throws `QueueFull` or `QueueShutDown`.
   *
   * @example
   * ```ts
   * q.putNowait(job);
   * ```
   */
  putNowait(item: T): void {
    if (this.#shutdown) throw new QueueShutDown();
    if (this.full()) throw new QueueFull();
    this.#insert(item);
  }

  /**
   * Removes and returns the next item, waiting for one if the queue is empty. Rejects with
   * `QueueShutDown` once the queue is shut down and empty, or with `TimeoutError` / the reason.
   *
   * @example
   * ```ts
   * const job = await q.get({ signal });
   * ```
   */
  get(options?: WaitOptions): Promise<T> {
    const wait = checkWait(options);
    if (!wait.signal?.aborted && this._size() > 0) return Promise.resolve(this.#take());
    if (this.#shutdown) return Promise.reject(new QueueShutDown());
    return this.#getters.park(wait, undefined, 'no item was got');
  }

  /**
   * Removes and returns the next item without waiting; throws `QueueEmpty` or `QueueShutDown`.
   *
   * @example
   * ```ts
   * const job = q.getNowait();
   * ```
   */
  getNowait(): T {
    if (this._size() > 0) return this.#take();
    throw this.#shutdown ? new QueueShutDown() : new QueueEmpty();
  }

  /**
   * Marks one item got earlier as processed; `join()` resolves when every item put was.
   * Throws a `SpindleError` with code `ERR_TASK_DONE_TOO_MANY` when called too often.
   *
   * @example
   * ```ts
   * const job = await q.get(); try { await run(job); } finally { q.taskDone(); }
   * ```
   */
  taskDone(): void {
    if (this.#unfinished <= 0) {
      throw new SpindleError('ERR_TASK_DONE_TOO_MANY', 'taskDone() called more times than there were items');
    }
    if (--this.#unfinished === 0) this.#joiners.wakeAll(() => undefined);
  }

  /**
   * Resolves once every item put so far was marked done with `taskDone()` — at once if so already.
   *
   * @example
   * ```ts
   * await q.join({ timeout: 10_000 });
   * ```
   */
  join(options?: WaitOptions): Promise<void> {
    const wait = checkWait(options);
    if (this.#unfinished === 0) return Promise.resolve();
    return this.#joiners.park(wait, undefined, 'the queue was not joined');
  }

  /**
   * Shuts the queue down: blocked and later `put`s reject with `QueueShutDown`; `get`s drain
   * what is left, then reject too. With `immediate`, queued items are dropped as well.
   *
   * @example
   * ```ts
   * q.shutdown({ immediate: true });
   * ```
   */
  shutdown(options: QueueShutdownOptions = {}): void {
    this.#shutdown = true;
    if (options.immediate) {
      let dropped = 0;
      while (this._size() > 0) {
        this._pop();
        dropped++;
      }
      this.#unfinished = Math.max(0, this.#unfinished - dropped);
      if (this.#unfinished === 0) this.#joiners.wakeAll(() => undefined);
    }
    this.#getters.rejectAll(() => new QueueShutDown());
    this.#putters.rejectAll(() => new QueueShutDown());
  }

  /** Counts and stores a new item, or hands it to the longest-waiting getter. */
  #insert(item: T): void {
    if (!this.#getters.wakeFirst(() => item)) this._push(item);
    this.#unfinished++;
  }

  /** Takes the next item and lets the longest-waiting putter's item into the room freed. */
  #take(): T {
    const item = this._pop();
    this.#putters.wakeFirst((waiting) => {
      this._push(waiting); // an item that cannot be stored fails its put, which resolves otherwise
      this.#unfinished++;
    });
    return item;
  }

  /** Storage hook: how many items are stored. Subclasses override the four hooks together. */
  protected _size(): number {
    return this.#items.length;
  }

  /** Storage hook: stores an item. */
  protected _push(item: T): void {
    this.#items.push(item);
  }

  /** Storage hook: removes the next item (only called when `_size() > 0`). */
  protected _pop(): T {
    return this.#items.shift() as T;
  }
}
