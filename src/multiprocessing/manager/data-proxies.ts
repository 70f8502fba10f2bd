/** Proxies for the Manager's data: Queue, Value, dict and list. Every call is a round trip. */
import { checkSignal, checkTimeout } from '../../futures/wait-options.ts';
import type { BlockOptions } from '../../threading/block.ts';
import { ManagedProxy, registerProxy } from './proxy.ts';

/** Options of a managed queue's put/get: Python's `block` and `timeout` (ms), plus a signal. */
export interface ManagedQueueWait extends BlockOptions {
  /** `false`: fail at once (QueueFull / QueueEmpty) instead of waiting. Default true. */
  block?: boolean;
}

/**
 * A FIFO queue owned by the Manager, shared by any number of processes.
 *
 * @example
 * ```ts
 * const jobs = manager.Queue<number>();
 * await jobs.put(1); await jobs.get(); // 1
 * ```
 */
export class ManagedQueue<T = unknown> extends ManagedProxy {
  static readonly managedType: string = 'Queue';

  /** Puts `item`, waiting for room (QueueFull on timeout or with `block: false`). @example `await jobs.put(job);` */
  put(item: T, options?: ManagedQueueWait): Promise<void> {
    if (options?.block === false) return this.call('putNowait', [item]) as Promise<void>;
    return this.call(
      'put',
      [item, checkTimeout(options?.timeout)],
      checkSignal(options?.signal),
    ) as Promise<void>;
  }

  /** Takes the next item, waiting for one (QueueEmpty on timeout or with `block: false`). @example `await jobs.get();` */
  get(options?: ManagedQueueWait): Promise<T> {
    if (options?.block === false) return this.call('getNowait') as Promise<T>;
    return this.call('get', [checkTimeout(options?.timeout)], checkSignal(options?.signal)) as Promise<T>;
  }

  /** Blocking put, for worker threads and worker processes. @example `jobs.putSync(job);` */
  putSync(item: T, options?: Omit<ManagedQueueWait, 'signal'>): void {
    if (options?.block === false) this.callSync('putNowait', [item], 'putSync()', 'await put()');
    else this.callSync('put', [item, checkTimeout(options?.timeout)], 'putSync()', 'await put()');
  }

  /** Blocking get, for worker threads and worker processes. @example `const job = jobs.getSync();` */
  getSync(options?: Omit<ManagedQueueWait, 'signal'>): T {
    if (options?.block === false) return this.callSync('getNowait', [], 'getSync()', 'await get()') as T;
    return this.callSync('get', [checkTimeout(options?.timeout)], 'getSync()', 'await get()') as T;
  }

  /** Blocking taskDone. @example `jobs.taskDoneSync();` */
  taskDoneSync(): void {
    this.callSync('taskDone', [], 'taskDoneSync()', 'await taskDone()');
  }

  /** Marks one item processed. @example `await jobs.taskDone();` */
  taskDone(): Promise<void> {
    return this.call('taskDone') as Promise<void>;
  }

  /** Waits until every item put has been marked done. @example `await jobs.join();` */
  join(options?: BlockOptions): Promise<void> {
    return this.call('join', [checkTimeout(options?.timeout)], checkSignal(options?.signal)) as Promise<void>;
  }

  /** Items queued now. @example `await jobs.qsize();` */
  qsize(): Promise<number> {
    return this.call('qsize') as Promise<number>;
  }

  /** Whether no item is queued. @example `await jobs.empty();` */
  empty(): Promise<boolean> {
    return this.call('empty') as Promise<boolean>;
  }

  /** Whether the queue is at maxsize. @example `await jobs.full();` */
  full(): Promise<boolean> {
    return this.call('full') as Promise<boolean>;
  }

  /** Python 3.13's shutdown. @example `await jobs.shutdown({ immediate: true });` */
  shutdown(options?: { immediate?: boolean }): Promise<void> {
    return this.call('shutdown', [options?.immediate === true]) as Promise<void>;
  }
}

/**
 * A single value owned by the Manager. `add` is atomic on the server.
 *
 * @example
 * ```ts
 * const hits = manager.Value('i', 0); await hits.add(1); await hits.get(); // 1
 * ```
 */
export class ManagedValue<T = unknown> extends ManagedProxy {
  static readonly managedType: string = 'Value';

  /** The value. @example `await hits.get();` */
  get(): Promise<T> {
    return this.call('get') as Promise<T>;
  }

  /** Replaces the value. @example `await hits.set(0);` */
  set(value: T): Promise<void> {
    return this.call('set', [value]) as Promise<void>;
  }

  /** Blocking get. @example `hits.getSync();` */
  getSync(): T {
    return this.callSync('get', [], 'getSync()', 'await get()') as T;
  }

  /** Blocking set. @example `hits.setSync(0);` */
  setSync(value: T): void {
    this.callSync('set', [value], 'setSync()', 'await set()');
  }

  /** Blocking add. @example `hits.addSync(1);` */
  addSync(delta: number): T {
    if (typeof delta !== 'number') throw new TypeError('delta must be a number');
    return this.callSync('add', [delta], 'addSync()', 'await add()') as T;
  }

  /** Adds `delta` in one step on the server and returns the new value. @example `await hits.add(1);` */
  add(delta: number): Promise<T> {
    if (typeof delta !== 'number') throw new TypeError('delta must be a number');
    return this.call('add', [delta]) as Promise<T>;
  }
}

/**
 * A dict (a Map) owned by the Manager.
 *
 * @example
 * ```ts
 * const d = manager.dict<string, number>(); await d.set('a', 1); await d.get('a'); // 1
 * ```
 */
export class ManagedDict<K = unknown, V = unknown> extends ManagedProxy {
  static readonly managedType: string = 'dict';

  /** The value for `key`, or `fallback`. @example `await d.get('a', 0);` */
  get(key: K, fallback?: V): Promise<V | undefined> {
    return this.call('get', [key, fallback]) as Promise<V | undefined>;
  }
  /** Sets `key`. @example `await d.set('a', 1);` */
  set(key: K, value: V): Promise<void> {
    return this.call('set', [key, value]) as Promise<void>;
  }
  /** Whether `key` is present. @example `await d.has('a');` */
  has(key: K): Promise<boolean> {
    return this.call('has', [key]) as Promise<boolean>;
  }
  /** Removes `key`; true if it was there. @example `await d.delete('a');` */
  delete(key: K): Promise<boolean> {
    return this.call('delete', [key]) as Promise<boolean>;
  }
  /** Removes and returns `key`'s value (RangeError if absent and no fallback). @example `await d.pop('a');` */
  pop(key: K, fallback?: V): Promise<V> {
    return this.call('pop', [key, fallback]) as Promise<V>;
  }
  /** Sets `key` if absent; returns its value. @example `await d.setdefault('a', 0);` */
  setdefault(key: K, value: V): Promise<V> {
    return this.call('setdefault', [key, value]) as Promise<V>;
  }
  /** Sets many entries. @example `await d.update([['a', 1]]);` */
  update(entries: Iterable<[K, V]>): Promise<void> {
    return this.call('update', [[...entries]]) as Promise<void>;
  }
  /** The keys. @example `await d.keys();` */
  keys(): Promise<K[]> {
    return this.call('keys') as Promise<K[]>;
  }
  /** The values. @example `await d.values();` */
  values(): Promise<V[]> {
    return this.call('values') as Promise<V[]>;
  }
  /** The entries. @example `await d.items();` */
  items(): Promise<[K, V][]> {
    return this.call('items') as Promise<[K, V][]>;
  }
  /** How many entries. @example `await d.size();` */
  size(): Promise<number> {
    return this.call('size') as Promise<number>;
  }
  /** Removes every entry. @example `await d.clear();` */
  clear(): Promise<void> {
    return this.call('clear') as Promise<void>;
  }
  /** A copy as a Map. @example `await d.toMap();` */
  toMap(): Promise<Map<K, V>> {
    return this.call('toMap') as Promise<Map<K, V>>;
  }
}

/**
 * A list owned by the Manager. Negative indexes count from the end, as in Python.
 *
 * @example
 * ```ts
 * const results = manager.list<number>(); await results.append(4); await results.toArray(); // [4]
 * ```
 */
export class ManagedList<T = unknown> extends ManagedProxy {
  static readonly managedType: string = 'list';

  /** The item at `index`. @example `await l.get(-1);` */
  get(index: number): Promise<T> {
    return this.call('get', [index]) as Promise<T>;
  }
  /** Replaces the item at `index`. @example `await l.set(0, 'x');` */
  set(index: number, value: T): Promise<void> {
    return this.call('set', [index, value]) as Promise<void>;
  }
  /** Adds at the end. @example `await l.append(1);` */
  append(value: T): Promise<void> {
    return this.call('append', [value]) as Promise<void>;
  }
  /** Adds many at the end. @example `await l.extend([1, 2]);` */
  extend(values: Iterable<T>): Promise<void> {
    return this.call('extend', [[...values]]) as Promise<void>;
  }
  /** Inserts before `index`. @example `await l.insert(0, 'first');` */
  insert(index: number, value: T): Promise<void> {
    return this.call('insert', [index, value]) as Promise<void>;
  }
  /** Removes and returns the item at `index` (default the last). @example `await l.pop();` */
  pop(index?: number): Promise<T> {
    return this.call('pop', [index]) as Promise<T>;
  }
  /** How many items. @example `await l.length();` */
  length(): Promise<number> {
    return this.call('length') as Promise<number>;
  }
  /** A copy as an array. @example `await l.toArray();` */
  toArray(): Promise<T[]> {
    return this.call('toArray') as Promise<T[]>;
  }
  /** Removes every item. @example `await l.clear();` */
  clear(): Promise<void> {
    return this.call('clear') as Promise<void>;
  }
}

registerProxy(ManagedQueue);
registerProxy(ManagedValue);
registerProxy(ManagedDict);
registerProxy(ManagedList);
