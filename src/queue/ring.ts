/**
 * The data ring of a shared queue: variable-size records in one SharedArrayBuffer. Records are
 * only appended at TAIL; any record may be freed (FIFO frees the oldest, LIFO the newest, a
 * PriorityQueue any), and freed or padding records at either end are trimmed at once, so HEAD
 * and the newest record are always live. Dead records in the middle (PriorityQueue only) are
 * reclaimed by compaction when a new record would not fit otherwise.
 *
 * Every method must be called under the queue's guard.
 */

import { type EncodedItem, type RingViews, readItem, ringViews, writeItem } from './item-codec.ts';
import {
  CAPACITY,
  HEAD,
  LIVE,
  REC_ARRIVAL,
  REC_KEY_BYTES,
  REC_LENGTH,
  REC_SLOT,
  REC_STATE,
  REC_VALUE_BYTES,
  RECORD_HEADER_BYTES,
  recordBytes,
  STATE_DEAD,
  STATE_LIVE,
  STATE_PAD,
  TAIL,
  USED,
} from './layout.ts';
import { decodeKey, type PriorityKey } from './priority-key.ts';

export class RecordRing {
  readonly #h: Int32Array;
  readonly #w: Int32Array;
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #views: RingViews;
  readonly #cap: number;
  /** Told where a record moved during compaction (the heap keeps offsets). */
  #relocate: ((slot: number, offset: number) => void) | undefined;

  constructor(header: Int32Array, data: SharedArrayBuffer) {
    this.#h = header;
    this.#w = new Int32Array(data);
    this.#views = ringViews(data);
    this.#bytes = this.#views.bytes;
    this.#view = this.#views.view;
    this.#cap = header[CAPACITY]!;
  }

  /** Registers the heap's relocation hook. */
  onRelocate(relocate: (slot: number, offset: number) => void): void {
    this.#relocate = relocate;
  }

  /** True when a record of `bytes` fits now (compacting if need be). */
  hasRoom(bytes: number): boolean {
    return this.#h[LIVE]! + bytes <= this.#cap;
  }

  /** Appends a record holding `key` and `item`; the caller checked hasRoom. Returns its offset. */
  write(key: Uint8Array | undefined, item: EncodedItem, arrival: number): number {
    const keyBytes = key?.length ?? 0;
    const valueBytes = item.valueBytes;
    const length = recordBytes(keyBytes, valueBytes);
    const at = this.#reserve(length);
    const w = this.#w;
    const i = at >> 2;
    w[i + REC_LENGTH] = length;
    w[i + REC_STATE] = STATE_LIVE;
    w[i + REC_VALUE_BYTES] = valueBytes;
    w[i + REC_SLOT] = 0;
    w[i + REC_ARRIVAL] = arrival;
    w[i + REC_KEY_BYTES] = keyBytes;
    if (key) this.#bytes.set(key, at + RECORD_HEADER_BYTES);
    writeItem(this.#views, at + RECORD_HEADER_BYTES + keyBytes, item);
    w[((at + length) >> 2) - 1] = length;
    return at;
  }

  /** Offset of the oldest record (the queue must not be empty). */
  oldest(): number {
    return this.#h[HEAD]!;
  }

  /** Offset of the newest record (the queue must not be empty). */
  newest(): number {
    const end = this.#end();
    return end - this.#w[(end >> 2) - 1]!;
  }

  /** The item in the record at `offset`, as item-codec's readItem returns it. */
  value(offset: number): unknown {
    const i = offset >> 2;
    return readItem(
      this.#views,
      offset + RECORD_HEADER_BYTES + this.#w[i + REC_KEY_BYTES]!,
      this.#w[i + REC_VALUE_BYTES]!,
    );
  }

  /** The priority key stored in the record at `offset`. */
  key(offset: number): PriorityKey {
    return decodeKey(this.#view, offset + RECORD_HEADER_BYTES, this.#w[(offset >> 2) + REC_KEY_BYTES]!);
  }

  arrival(offset: number): number {
    return this.#w[(offset >> 2) + REC_ARRIVAL]!;
  }

  setSlot(offset: number, slot: number): void {
    this.#w[(offset >> 2) + REC_SLOT] = slot;
  }

  /** Frees the record at `offset` and trims dead or padding records off both ends. */
  free(offset: number): void {
    const h = this.#h;
    const w = this.#w;
    w[(offset >> 2) + REC_STATE] = STATE_DEAD;
    h[LIVE] = h[LIVE]! - w[(offset >> 2) + REC_LENGTH]!;
    while (h[USED]! > 0 && w[(h[HEAD]! >> 2) + REC_STATE] !== STATE_LIVE) {
      const length = w[h[HEAD]! >> 2]!;
      h[USED] = h[USED]! - length;
      h[HEAD] = (h[HEAD]! + length) % this.#cap;
    }
    while (h[USED]! > 0) {
      const start = this.newest();
      if (w[(start >> 2) + REC_STATE] === STATE_LIVE) break;
      h[USED] = h[USED]! - w[start >> 2]!;
      h[TAIL] = start;
    }
    if (h[USED] === 0) {
      h[HEAD] = 0;
      h[TAIL] = 0;
    }
  }

  /** End of the newest record: TAIL, or the end of the buffer when TAIL is 0 (wrapped). */
  #end(): number {
    const tail = this.#h[TAIL]!;
    return tail === 0 ? this.#cap : tail;
  }

  /** Finds `length` contiguous bytes at the tail (padding or compacting if need be). */
  #reserve(length: number): number {
    const h = this.#h;
    const cap = this.#cap;
    const head = h[HEAD]!;
    const tail = h[TAIL]!;
    const used = h[USED]!;
    // Data lies in [head, tail) when not wrapped, else in [head, cap) and [0, tail).
    const wrapped = used > 0 && tail <= head;
    if (!wrapped) {
      if (length <= cap - tail) return this.#claim(tail, length);
      if (length <= head) {
        if (tail < cap) this.#pad(tail, cap - tail);
        return this.#claim(0, length);
      }
    } else if (length <= head - tail) {
      return this.#claim(tail, length);
    }
    this.#compact();
    return this.#claim(h[TAIL]!, length);
  }

  #claim(at: number, length: number): number {
    const h = this.#h;
    h[TAIL] = at + length;
    h[USED] = h[USED]! + length;
    h[LIVE] = h[LIVE]! + length;
    return at;
  }

  /** Fills [at, at + length) with a padding record (length is a multiple of 16, so >= 16). */
  #pad(at: number, length: number): void {
    const w = this.#w;
    w[(at >> 2) + REC_LENGTH] = length;
    w[(at >> 2) + REC_STATE] = STATE_PAD;
    w[((at + length) >> 2) - 1] = length;
    this.#h[USED] = this.#h[USED]! + length;
  }

  /** Moves the live records, in ring order, to the start of the buffer. */
  #compact(): void {
    const h = this.#h;
    const w = this.#w;
    const live = h[LIVE]!;
    const copy = new Uint8Array(live);
    let at = h[HEAD]!;
    let left = h[USED]!;
    let filled = 0;
    while (left > 0) {
      const length = w[at >> 2]!;
      if (w[(at >> 2) + REC_STATE] === STATE_LIVE) {
        copy.set(this.#bytes.subarray(at, at + length), filled);
        filled += length;
      }
      left -= length;
      at = (at + length) % this.#cap;
    }
    this.#bytes.set(copy, 0);
    h[HEAD] = 0;
    h[TAIL] = live;
    h[USED] = live;
    if (this.#relocate) {
      for (let offset = 0; offset < live; offset += w[offset >> 2]!) {
        this.#relocate(w[(offset >> 2) + REC_SLOT]!, offset);
      }
    }
  }
}
