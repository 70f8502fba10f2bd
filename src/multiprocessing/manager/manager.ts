/**
 * `Manager()`: Python's `multiprocessing.Manager` — shared state for processes, which cannot
 * share memory. The parent owns every object; children get proxies that call home over a local
 * socket. (Threads can share memory directly: prefer spindle/threading's primitives there.)
 */

import { SpindleError } from '../../errors.ts';
import type { ManagedRef } from './client.ts';
import { ManagedDict, ManagedList, ManagedQueue, ManagedValue } from './data-proxies.ts';
import {
  ManagedBarrier,
  ManagedCondition,
  ManagedEvent,
  ManagedLock,
  ManagedRLock,
  ManagedSemaphore,
} from './proxies.ts';
import {
  type Served,
  servedBarrier,
  servedCondition,
  servedEvent,
  servedQueue,
  servedSemaphore,
  servedValue,
} from './served.ts';
import { servedDict, servedList } from './served-collections.ts';
import { ServedLock, ServedRLock } from './served-locks.ts';
import { ManagerServer } from './server.ts';

/**
 * A running Manager. Create objects with its methods and pass the proxies to processes (or
 * threads) as ordinary arguments. `shutdown()` (or `await using`) stops it; proxies then fail
 * with ERR_MANAGER_GONE.
 *
 * @example
 * ```ts
 * await using manager = await Manager();
 * const lock = manager.Lock();
 * const total = manager.Value('i', 0);
 * await using pool = new ProcessPoolExecutor({ maxWorkers: 4 });
 * await Promise.all([1, 2, 3, 4].map(() => pool.submit(addUnderLock, lock, total, 10_000)));
 * await total.get(); // 40000
 * ```
 */
export class SyncManager implements AsyncDisposable {
  readonly #server: ManagerServer;
  #closed = false;

  /** @internal Use `await Manager()`. */
  constructor(server: ManagerServer) {
    this.#server = server;
  }

  /** The socket path clients connect to. */
  get address(): string {
    return this.#server.address;
  }

  #serve(served: Served): ManagedRef {
    if (this.#closed) throw new SpindleError('ERR_MANAGER_GONE', 'the Manager was shut down');
    return { address: this.#server.address, token: this.#server.token, obj: this.#server.register(served) };
  }

  /** A managed Lock. @example `const lock = manager.Lock();` */
  Lock(): ManagedLock {
    return new ManagedLock(this.#serve(new ServedLock()));
  }

  /** A managed RLock. @example `const rlock = manager.RLock();` */
  RLock(): ManagedRLock {
    return new ManagedRLock(this.#serve(new ServedRLock()));
  }

  /** A managed Semaphore. @example `const slots = manager.Semaphore(3);` */
  Semaphore(value = 1): ManagedSemaphore {
    return new ManagedSemaphore(this.#serve(servedSemaphore(checkCount(value, 'value', 0), false)));
  }

  /** A managed BoundedSemaphore. @example `const slots = manager.BoundedSemaphore(3);` */
  BoundedSemaphore(value = 1): ManagedSemaphore {
    return new ManagedSemaphore(this.#serve(servedSemaphore(checkCount(value, 'value', 0), true)));
  }

  /** A managed Event. @example `const done = manager.Event();` */
  Event(): ManagedEvent {
    return new ManagedEvent(this.#serve(servedEvent()));
  }

  /** A managed Condition (with its own lock). @example `const cond = manager.Condition();` */
  Condition(): ManagedCondition {
    return new ManagedCondition(this.#serve(servedCondition()));
  }

  /** A managed Barrier. @example `const start = manager.Barrier(4);` */
  Barrier(parties: number): ManagedBarrier {
    return new ManagedBarrier(this.#serve(servedBarrier(checkCount(parties, 'parties', 1))));
  }

  /** A managed FIFO Queue. @example `const jobs = manager.Queue<string>();` */
  Queue<T = unknown>(maxsize = 0): ManagedQueue<T> {
    return new ManagedQueue<T>(this.#serve(servedQueue(checkCount(maxsize, 'maxsize', 0))));
  }

  /**
   * A managed value. `typecode` is kept for Python familiarity ('i', 'd', …) and not enforced.
   *
   * @example
   * ```ts
   * const counter = manager.Value('i', 0);
   * ```
   */
  Value<T>(_typecode: string, initial: T): ManagedValue<T> {
    return new ManagedValue<T>(this.#serve(servedValue(structuredClone(initial))));
  }

  /** A managed dict. @example `const d = manager.dict([['a', 1]]);` */
  dict<K = unknown, V = unknown>(entries: Iterable<[K, V]> = []): ManagedDict<K, V> {
    return new ManagedDict<K, V>(this.#serve(servedDict(structuredClone([...entries]))));
  }

  /** A managed list. @example `const results = manager.list<number>();` */
  list<T = unknown>(items: Iterable<T> = []): ManagedList<T> {
    return new ManagedList<T>(this.#serve(servedList(structuredClone([...items]))));
  }

  /** Stops the server. @example `await manager.shutdown();` */
  async shutdown(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#server.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }
}

function checkCount(value: number, what: string, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${what} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * Starts a Manager: Python's `multiprocessing.Manager()`, as a Promise.
 *
 * @example
 * ```ts
 * await using manager = await Manager();
 * const results = manager.list<number>();
 * ```
 */
export async function Manager(): Promise<SyncManager> {
  return new SyncManager(await ManagerServer.start());
}
