/**
 * The engine under every shared queue: puts and gets that never wait (they succeed, report
 * "not now", or throw), on the buffers of layout.ts. Waiting is layered on top (waits.ts): a
 * waiter retries these after each change of a sequence word, so it claims its item or slot
 * itself, and a timed-out or aborted waiter has taken nothing.
 */
import { QueueShutDown, SpindleError } from '../errors.ts';
import { wakeAll } from '../threading/block.ts';
import { assertCloneable } from '../wire/cloneable.ts';
import { guarded, lockGuard, unlockGuard } from './guard.ts';
import { RecordHeap } from './heap.ts';
import { type EncodedItem, encodeItem, reviveItem } from './item-codec.ts';
import {
  ALL_DONE,
  ARRIVALS,
  CAPACITY,
  COUNT,
  FIFO,
  GETTERS,
  JOINERS,
  KEY_CLASS,
  KEY_NONE,
  LIFO,
  MAXSIZE,
  MODE,
  NOT_EMPTY,
  NOT_FULL,
  PRIORITY,
  PUTTERS,
  recordBytes,
  SHUTDOWN,
  UNFINISHED,
} from './layout.ts';
import { encodeKey, keyClass, priorityKey } from './priority-key.ts';
import { RecordRing } from './ring.ts';

/** What tryGet returns when there is no item now (items themselves may be `undefined`). */
export const NOTHING: unique symbol = Symbol('nothing');

/** An item ready to be written: its encoding (item-codec.ts), priority key and record size. */
export interface Encoded {
  item: EncodedItem;
  key: Uint8Array | undefined;
  keyClass: number;
  bytes: number;
}

export class QueueStore {
  /** The header words (see layout.ts); waits sleep on its sequence words. */
  readonly header: Int32Array;
  readonly #ring: RecordRing;
  readonly #heap: RecordHeap | undefined;
  readonly #mode: number;

  constructor(buffers: SharedArrayBuffer[]) {
    this.header = new Int32Array(buffers[0]!);
    this.#ring = new RecordRing(this.header, buffers[1]!);
    this.#mode = this.header[MODE]!;
    this.#heap = this.#mode === PRIORITY ? new RecordHeap(buffers[2]!, this.#ring) : undefined;
  }

  get maxsize(): number {
    return this.header[MAXSIZE]!;
  }

  /** Items put and not yet marked done (Python's `unfinished_tasks`). */
  get unfinishedTasks(): number {
    return Atomics.load(this.header, UNFINISHED);
  }

  /**
   * Checks and serialises an item, outside the guard. TypeError for class instances and
   * functions (as for task arguments), for shared primitives (they travel as task/Thread
   * arguments) and for PriorityQueue items without a key; RangeError
   * when the item can never fit in the buffer.
   */
  encode(item: unknown): Encoded {
    let key: Uint8Array | undefined;
    let cls = KEY_NONE;
    if (this.#mode === PRIORITY) {
      const k = priorityKey(item);
      key = encodeKey(k);
      cls = keyClass(k);
    }
    const value = encodeItem(item, refuseUnsendable);
    const bytes = recordBytes(key?.length ?? 0, value.valueBytes);
    const capacity = this.header[CAPACITY]!;
    if (bytes > capacity) {
      throw new RangeError(
        `the item takes ${bytes} bytes serialised but the queue holds ${capacity}; ` +
          'create the queue with a larger capacityBytes',
      );
    }
    return { item: value, key, keyClass: cls, bytes };
  }

  /** Puts the item if there is room now (true); false when full; throws once shut down. */
  tryPut(item: Encoded): boolean {
    const h = this.header;
    // The guard by hand rather than through guarded(): no closure per put or get.
    lockGuard(h);
    let put: boolean;
    try {
      put = this.#putLocked(item);
    } finally {
      unlockGuard(h);
    }
    if (put && Atomics.load(h, GETTERS) > 0) wakeAll(h, NOT_EMPTY);
    return put;
  }

  /** The next item if there is one; NOTHING if not; throws when empty and shut down. */
  tryGet(): unknown {
    const h = this.header;
    lockGuard(h);
    let read: unknown;
    try {
      read = this.#getLocked();
    } finally {
      unlockGuard(h);
    }
    if (read === NOTHING) return NOTHING;
    if (Atomics.load(h, PUTTERS) > 0) wakeAll(h, NOT_FULL);
    // v8-serialised items are deserialised here, with the guard free.
    return reviveItem(read);
  }

  /** Python's task_done(): one fewer unfinished task; join() ends when none are left. */
  taskDone(): void {
    const h = this.header;
    const left = decrementIfPositive(h, UNFINISHED);
    if (left < 0) {
      throw new SpindleError('ERR_TASK_DONE_TOO_MANY', 'taskDone() called more times than there were items');
    }
    if (left === 0) this.#allDone();
  }

  /** Python 3.13's shutdown(): no more puts; gets fail once empty, or at once with `immediate`. */
  shutdown(immediate: boolean): void {
    const h = this.header;
    guarded(h, () => {
      h[SHUTDOWN] = 1;
      if (!immediate) return;
      while (h[COUNT]! > 0) {
        this.#takeNext(false);
        // Discarded items count as done, as in Python.
        decrementIfPositive(h, UNFINISHED);
      }
    });
    Atomics.add(h, NOT_EMPTY, 1);
    Atomics.add(h, NOT_FULL, 1);
    wakeAll(h, NOT_EMPTY);
    wakeAll(h, NOT_FULL);
    if (Atomics.load(h, UNFINISHED) === 0) this.#allDone();
  }

  #allDone(): void {
    const h = this.header;
    Atomics.add(h, ALL_DONE, 1);
    if (Atomics.load(h, JOINERS) > 0) wakeAll(h, ALL_DONE);
  }

  /** tryPut under the guard. */
  #putLocked(item: Encoded): boolean {
    const h = this.header;
    if (h[SHUTDOWN]) throw new QueueShutDown('put() on a queue that was shut down');
    const count = h[COUNT]!;
    if (h[MAXSIZE]! > 0 && count >= h[MAXSIZE]!) return false;
    if (!this.#ring.hasRoom(item.bytes)) return false;
    if (this.#heap) {
      if (h[KEY_CLASS] === KEY_NONE) h[KEY_CLASS] = item.keyClass;
      else if (h[KEY_CLASS] !== item.keyClass) {
        throw new TypeError('a PriorityQueue cannot order string keys and numeric keys together');
      }
    }
    const arrival = h[ARRIVALS]!;
    h[ARRIVALS] = (arrival + 1) | 0;
    const offset = this.#ring.write(item.key, item.item, arrival);
    this.#heap?.push(offset, count);
    h[COUNT] = count + 1;
    Atomics.add(h, UNFINISHED, 1); // taskDone() changes it outside the guard
    Atomics.add(h, NOT_EMPTY, 1);
    return true;
  }

  /** tryGet under the guard: the item as the ring reads it, or NOTHING. */
  #getLocked(): unknown {
    const h = this.header;
    if (h[COUNT] === 0) {
      if (h[SHUTDOWN]) throw new QueueShutDown('get() on a queue that was shut down and is empty');
      return NOTHING;
    }
    const value = this.#takeNext(true);
    Atomics.add(h, NOT_FULL, 1);
    return value;
  }

  /**
   * Removes the next item in this queue's order and returns it as the ring reads it (under the
   * guard); with `read` false (items discarded by an immediate shutdown) it is not read at all.
   */
  #takeNext(read: boolean): unknown {
    const h = this.header;
    const count = h[COUNT]!;
    const offset =
      this.#mode === FIFO
        ? this.#ring.oldest()
        : this.#mode === LIFO
          ? this.#ring.newest()
          : this.#heap!.pop(count);
    const value = read ? this.#ring.value(offset) : undefined;
    this.#ring.free(offset);
    h[COUNT] = count - 1;
    if (count === 1) h[KEY_CLASS] = KEY_NONE;
    return value;
  }
}

/**
 * Throws a TypeError for an item that v8 would change or cannot carry (only items that go through
 * v8 get here): the rule task arguments follow — a class instance, a function… is refused by
 * name — and a shared primitive, which cannot be copied into the queue.
 */
function refuseUnsendable(item: unknown): void {
  if (assertCloneable(item, 'the queue item')) {
    throw new TypeError(
      'a queue item cannot hold a shared primitive (Lock, Queue, Event…): its memory cannot be ' +
        'copied into the queue; pass primitives as Thread or task arguments instead',
    );
  }
}

/** Atomically subtracts 1 from words[index] unless it is 0; the new value, or -1 if it was 0. */
function decrementIfPositive(words: Int32Array, index: number): number {
  for (;;) {
    const seen = Atomics.load(words, index);
    if (seen <= 0) return -1;
    if (Atomics.compareExchange(words, index, seen, seen - 1) === seen) return seen - 1;
  }
}
