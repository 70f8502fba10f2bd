/**
 * Where a shared queue keeps its state. Three SharedArrayBuffers:
 *
 * - the header, an Int32Array of the words below;
 * - the data ring: records one after another, each 16-byte aligned, never split at the end
 *   (a PAD record fills the tail of the buffer when the next record does not fit there);
 * - for a PriorityQueue only, the heap: record offsets, ordered by (key, arrival).
 *
 * Every word except the sequence words, the sleeper counts and GUARD itself is read and written
 * only under the spin guard (guard.ts). Sequence words are bumped under the guard and read
 * without it by sleepers (the futex pattern of threading/block.ts).
 */

/** Header words. */
export const GUARD = 0;
/** Workers sleeping on GUARD (so that an uncontended unlock pays no notify). */
export const GUARD_WAITERS = 1;
/** Byte offset of the oldest record (0 when empty). */
export const HEAD = 2;
/** Byte offset just past the newest record, in (0, CAPACITY]; 0 when empty or when it ends at the end. */
export const TAIL = 3;
/** Bytes between HEAD and TAIL in ring order: live, dead and padding records. */
export const USED = 4;
/** Bytes of live records only; LIVE + a new record <= CAPACITY means it fits after compaction. */
export const LIVE = 5;
/** Items in the queue. */
export const COUNT = 6;
/** Items put and not yet marked done by taskDone() (Python's unfinished_tasks). */
export const UNFINISHED = 7;
/** 1 after shutdown(). */
export const SHUTDOWN = 8;
/** Most items at once; 0 for no limit but the bytes. */
export const MAXSIZE = 9;
/** FIFO, LIFO or PRIORITY. */
export const MODE = 10;
/** Bytes in the data ring. */
export const CAPACITY = 11;
/** Bumped whenever an item arrives or the queue shuts down: getters sleep on it. */
export const NOT_EMPTY = 12;
/** Bumped whenever an item leaves or the queue shuts down: putters sleep on it. */
export const NOT_FULL = 13;
/** Bumped whenever UNFINISHED reaches 0 or the queue shuts down: join() sleeps on it. */
export const ALL_DONE = 14;
/** Sleeper counts for NOT_EMPTY, NOT_FULL and ALL_DONE. */
export const GETTERS = 15;
export const PUTTERS = 16;
export const JOINERS = 17;
/** Arrival counter of a PriorityQueue: ties between equal keys go first in, first out. */
export const ARRIVALS = 18;
/** What kind of priority keys the queue holds (KEY_NONE until the first put). */
export const KEY_CLASS = 19;
export const HEADER_WORDS = 20;

export const FIFO = 0;
export const LIFO = 1;
export const PRIORITY = 2;
export type Mode = typeof FIFO | typeof LIFO | typeof PRIORITY;

export const KEY_NONE = 0;
export const KEY_NUMERIC = 1;
export const KEY_STRING = 2;

/**
 * A record: words [length, state, value bytes, heap slot, arrival, key bytes], then the key
 * bytes, then the value bytes, then a trailing copy of the length (a boundary tag, so that the
 * newest record can be found from TAIL). Lengths are multiples of RECORD_ALIGN.
 */
export const REC_LENGTH = 0;
export const REC_STATE = 1;
export const REC_VALUE_BYTES = 2;
export const REC_SLOT = 3;
export const REC_ARRIVAL = 4;
export const REC_KEY_BYTES = 5;
export const RECORD_HEADER_BYTES = 24;
export const RECORD_ALIGN = 16;

export const STATE_LIVE = 1;
export const STATE_PAD = 2;
export const STATE_DEAD = 3;

/** Default size of the data ring: 2 MiB. */
export const DEFAULT_CAPACITY_BYTES = 2 * 1024 * 1024;

/** The bytes a record with these key and value sizes takes. */
export function recordBytes(keyBytes: number, valueBytes: number): number {
  const raw = RECORD_HEADER_BYTES + keyBytes + valueBytes + 4;
  return Math.ceil(raw / RECORD_ALIGN) * RECORD_ALIGN;
}

/** The buffers of a new queue, with its constant words filled in. */
export function allocateQueue(mode: Mode, maxsize: number, capacityBytes: number): SharedArrayBuffer[] {
  const header = new SharedArrayBuffer(HEADER_WORDS * 4);
  const words = new Int32Array(header);
  words[MODE] = mode;
  words[MAXSIZE] = maxsize;
  words[CAPACITY] = capacityBytes;
  const buffers = [header, new SharedArrayBuffer(capacityBytes)];
  // Every record takes at least RECORD_ALIGN bytes, so this many slots always suffice.
  if (mode === PRIORITY) buffers.push(new SharedArrayBuffer((capacityBytes / RECORD_ALIGN) * 4));
  return buffers;
}
