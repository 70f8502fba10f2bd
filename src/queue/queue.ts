import { assertMayBlock, type BlockOptions } from '../threading/block.ts';
import { registerPrimitive, SharedPrimitive } from '../threading/shared-primitive.ts';
import { allocateQueue, COUNT, FIFO, type Mode, SHUTDOWN } from './layout.ts';
import { checkCapacity, checkMaxsize, type QueueOptions } from './options.ts';
import { QueueStore } from './store.ts';
import {
  getAsync,
  getSync,
  joinAsync,
  joinSync,
  NOWAIT,
  putAsync,
  putSync,
  type QueueWaitOptions,
} from './waits.ts';

/**
 * Python's `queue.Queue`, in shared memory: a FIFO queue that the main thread and every worker
 * put into and get from directly — no relay through the main thread. Pass it to a task or
 * Thread as an argument and it arrives as the same queue. Items are structured-clonable values
 * (copied in as structured clone would copy them), at most `capacityBytes` of them at once, and at most `maxsize`
 * items when `maxsize` > 0. Python 3.13's `shutdown()` included.
 *
 * @example
 * ```ts
 * const q = new Queue<string>(10);
 * pool.submit(consumer, q); // consumer: for (;;) { const x = q.getSync(); …; q.taskDone(); }
 * for (const job of jobs) await q.put(job);
 * await q.join(); // every item was taken and marked done
 * ```
 */
export class Queue<T = unknown> extends SharedPrimitive {
  /** @internal The wire kind of the class. */
  protected static readonly wireKind: string = 'Queue';
  /** @internal The order in which the class hands out items. */
  protected static readonly order: Mode = FIFO;
  readonly #store: QueueStore;

  /**
   * @param maxsize most items at once; 0 or less for no limit but `capacityBytes`.
   * @example
   * ```ts
   * const q = new Queue<number>(100, { capacityBytes: 1 << 20 });
   * ```
   */
  constructor(maxsize = 0, options?: QueueOptions) {
    const cls = new.target as unknown as typeof Queue;
    super(cls.wireKind, () => allocateQueue(cls.order, checkMaxsize(maxsize), checkCapacity(options)));
    this.#store = new QueueStore(this.buffers);
  }

  /**
   * The most items the queue holds at once (0: no limit but its bytes).
   *
   * @example
   * ```ts
   * new Queue(5).maxsize; // 5
   * ```
   */
  get maxsize(): number {
    return this.#store.maxsize;
  }

  /**
   * Items put and not yet marked done with `taskDone()`, across every thread (Python's
   * `unfinished_tasks`); `join()` resolves when it reaches 0. Read-only.
   *
   * @example
   * ```ts
   * q.putNowait('job'); q.unfinishedTasks; // 1
   * ```
   */
  get unfinishedTasks(): number {
    return this.#store.unfinishedTasks;
  }

  /**
   * Puts `item` in, waiting for room while the queue is full. Rejects with QueueFull when
   * `block` is false or `timeout` ms pass, QueueShutDown after shutdown(), the signal's reason
   * on abort; TypeError/RangeError at once for an item the queue cannot take.
   *
   * @example
   * ```ts
   * await q.put({ url, attempt: 1 }, { timeout: 1000 });
   * ```
   */
  put(item: T, options?: QueueWaitOptions): Promise<void> {
    return putAsync(this.#store, item, options);
  }

  /**
   * Worker threads only: the blocking form of {@link Queue.put}.
   *
   * @example
   * ```ts
   * q.putSync(result);
   * ```
   */
  putSync(item: T, options?: Omit<QueueWaitOptions, 'signal'>): void {
    assertMayBlock('Queue.putSync()', 'await queue.put()');
    putSync(this.#store, item, options);
  }

  /**
   * Puts `item` in if there is room right now; throws QueueFull otherwise.
   *
   * @example
   * ```ts
   * try { q.putNowait(x); } catch (e) { if (e instanceof QueueFull) dropped++; }
   * ```
   */
  putNowait(item: T): void {
    putSync(this.#store, item, NOWAIT);
  }

  /**
   * Takes the next item, waiting while the queue is empty. Rejects with QueueEmpty when
   * `block` is false or `timeout` ms pass, QueueShutDown once shut down and empty, the signal's
   * reason on abort — and a waiter that gives up has taken nothing.
   *
   * @example
   * ```ts
   * const job = await q.get({ timeout: 500 });
   * ```
   */
  get(options?: QueueWaitOptions): Promise<T> {
    return getAsync(this.#store, options) as Promise<T>;
  }

  /**
   * Worker threads only: the blocking form of {@link Queue.get}.
   *
   * @example
   * ```ts
   * for (let job = q.getSync(); job !== null; job = q.getSync()) work(job);
   * ```
   */
  getSync(options?: Omit<QueueWaitOptions, 'signal'>): T {
    assertMayBlock('Queue.getSync()', 'await queue.get()');
    return getSync(this.#store, options) as T;
  }

  /**
   * Takes the next item if there is one; throws QueueEmpty otherwise.
   *
   * @example
   * ```ts
   * const next = q.empty() ? undefined : q.getNowait();
   * ```
   */
  getNowait(): T {
    return getSync(this.#store, NOWAIT) as T;
  }

  /**
   * Marks one item taken with get() as processed. Throws a SpindleError with code
   * 'ERR_TASK_DONE_TOO_MANY' when called more times than items were put (Python: ValueError).
   *
   * @example
   * ```ts
   * const job = q.getSync(); try { work(job); } finally { q.taskDone(); }
   * ```
   */
  taskDone(): void {
    this.#store.taskDone();
  }

  /**
   * Resolves once every item ever put has been marked done with taskDone(). Rejects with
   * TimeoutError after `timeout` ms, the signal's reason on abort.
   *
   * @example
   * ```ts
   * await q.join();
   * ```
   */
  join(options?: BlockOptions): Promise<void> {
    return joinAsync(this.#store, options);
  }

  /**
   * Worker threads only: the blocking form of {@link Queue.join}.
   *
   * @example
   * ```ts
   * q.joinSync({ timeout: 5000 });
   * ```
   */
  joinSync(options?: Omit<BlockOptions, 'signal'>): void {
    assertMayBlock('Queue.joinSync()', 'await queue.join()');
    joinSync(this.#store, options);
  }

  /**
   * The number of items now (a snapshot: other threads may change it at once).
   *
   * @example
   * ```ts
   * q.qsize(); // 0
   * ```
   */
  qsize(): number {
    return Atomics.load(this.#store.header, COUNT);
  }

  /**
   * True when the queue holds no item (a snapshot).
   *
   * @example
   * ```ts
   * q.empty(); // true
   * ```
   */
  empty(): boolean {
    return this.qsize() === 0;
  }

  /**
   * True when it holds `maxsize` items (a snapshot; always false without a maxsize).
   *
   * @example
   * ```ts
   * new Queue(1).full(); // false
   * ```
   */
  full(): boolean {
    const max = this.maxsize;
    return max > 0 && this.qsize() >= max;
  }

  /**
   * Python 3.13's shutdown(): puts fail with QueueShutDown from now on, and gets too once the
   * queue is empty; blocked putters and getters wake and fail. With `immediate`, the items left
   * are discarded at once (counted as done for join()).
   *
   * @example
   * ```ts
   * q.shutdown({ immediate: true });
   * ```
   */
  shutdown(options?: { immediate?: boolean }): void {
    const immediate = options?.immediate ?? false;
    if (typeof immediate !== 'boolean') throw new TypeError('immediate must be a boolean');
    this.#store.shutdown(immediate);
  }

  /**
   * True once shutdown() was called (by any thread).
   *
   * @example
   * ```ts
   * q.isShutdown; // false
   * ```
   */
  get isShutdown(): boolean {
    return Atomics.load(this.#store.header, SHUTDOWN) === 1;
  }
}

registerPrimitive('Queue', Queue);
