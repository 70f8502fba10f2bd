import { assertMayBlock } from '../threading/block.ts';
import { registerPrimitive, SharedPrimitive } from '../threading/shared-primitive.ts';
import { allocateQueue, COUNT, FIFO } from './layout.ts';
import { checkCapacity, type QueueOptions } from './options.ts';
import { QueueStore } from './store.ts';
import { getAsync, getSync, NOWAIT, putAsync, putSync, type QueueWaitOptions } from './waits.ts';

/**
 * Python's `queue.SimpleQueue`: an unbounded shared FIFO queue without task tracking
 * (no taskDone/join/shutdown). Unbounded in items, that is: its items share `capacityBytes`,
 * and a put waits for room when they are used up.
 *
 * @example
 * ```ts
 * const q = new SimpleQueue<number>();
 * q.putNowait(1);
 * await q.get(); // 1
 * ```
 */
export class SimpleQueue<T = unknown> extends SharedPrimitive {
  readonly #store: QueueStore;

  /**
   * @example
   * ```ts
   * const q = new SimpleQueue({ capacityBytes: 64 * 1024 });
   * ```
   */
  constructor(options?: QueueOptions) {
    super('SimpleQueue', () => allocateQueue(FIFO, 0, checkCapacity(options)));
    this.#store = new QueueStore(this.buffers);
  }

  /**
   * Puts `item` in (waiting only if its bytes do not fit yet). See {@link Queue.put}.
   *
   * @example
   * ```ts
   * await q.put('job');
   * ```
   */
  put(item: T, options?: QueueWaitOptions): Promise<void> {
    return putAsync(this.#store, item, options);
  }

  /**
   * Worker threads only: the blocking form of {@link SimpleQueue.put}.
   *
   * @example
   * ```ts
   * q.putSync('job');
   * ```
   */
  putSync(item: T, options?: Omit<QueueWaitOptions, 'signal'>): void {
    assertMayBlock('SimpleQueue.putSync()', 'await queue.put()');
    putSync(this.#store, item, options);
  }

  /**
   * Puts `item` in now or throws QueueFull (only when its bytes do not fit).
   *
   * @example
   * ```ts
   * q.putNowait('job');
   * ```
   */
  putNowait(item: T): void {
    putSync(this.#store, item, NOWAIT);
  }

  /**
   * Takes the oldest item, waiting while there is none. See {@link Queue.get}.
   *
   * @example
   * ```ts
   * const job = await q.get({ timeout: 100 });
   * ```
   */
  get(options?: QueueWaitOptions): Promise<T> {
    return getAsync(this.#store, options) as Promise<T>;
  }

  /**
   * Worker threads only: the blocking form of {@link SimpleQueue.get}.
   *
   * @example
   * ```ts
   * const job = q.getSync();
   * ```
   */
  getSync(options?: Omit<QueueWaitOptions, 'signal'>): T {
    assertMayBlock('SimpleQueue.getSync()', 'await queue.get()');
    return getSync(this.#store, options) as T;
  }

  /**
   * Takes the oldest item now or throws QueueEmpty.
   *
   * @example
   * ```ts
   * q.getNowait();
   * ```
   */
  getNowait(): T {
    return getSync(this.#store, NOWAIT) as T;
  }

  /**
   * The number of items now (a snapshot).
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
   * True when it holds no item (a snapshot).
   *
   * @example
   * ```ts
   * q.empty(); // true
   * ```
   */
  empty(): boolean {
    return this.qsize() === 0;
  }
}

registerPrimitive('SimpleQueue', SimpleQueue);
