/**
 * The order of a PriorityQueue: a binary min-heap of record offsets in shared memory, ordered by
 * (key, arrival). Each record remembers its heap slot, so that compaction can update the offset
 * a slot holds when it moves the record. Called under the queue's guard only.
 */
import type { RecordRing } from './ring.ts';

export class RecordHeap {
  readonly #slots: Int32Array;
  readonly #ring: RecordRing;

  constructor(slots: SharedArrayBuffer, ring: RecordRing) {
    this.#slots = new Int32Array(slots);
    this.#ring = ring;
    ring.onRelocate((slot, offset) => {
      this.#slots[slot] = offset;
    });
  }

  /** Adds the record at `offset` to a heap of `size` entries. */
  push(offset: number, size: number): void {
    this.#place(size, offset);
    this.#up(size);
  }

  /** Removes and returns the smallest of `size` (> 0) entries. */
  pop(size: number): number {
    const top = this.#slots[0]!;
    const last = size - 1;
    if (last > 0) {
      this.#place(0, this.#slots[last]!);
      this.#down(0, last);
    }
    return top;
  }

  /** True when record a goes before record b: smaller key, or equal key and earlier arrival. */
  #before(a: number, b: number): boolean {
    const ka = this.#ring.key(a);
    const kb = this.#ring.key(b);
    if (ka < kb) return true;
    if (ka > kb) return false;
    // Arrival numbers wrap around 2^32; live ones are never 2^31 apart.
    return ((this.#ring.arrival(a) - this.#ring.arrival(b)) | 0) < 0;
  }

  #place(slot: number, offset: number): void {
    this.#slots[slot] = offset;
    this.#ring.setSlot(offset, slot);
  }

  #up(slot: number): void {
    const s = this.#slots;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (!this.#before(s[slot]!, s[parent]!)) return;
      const moved = s[parent]!;
      this.#place(parent, s[slot]!);
      this.#place(slot, moved);
      slot = parent;
    }
  }

  #down(slot: number, size: number): void {
    const s = this.#slots;
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= size) return;
      const right = left + 1;
      const child = right < size && this.#before(s[right]!, s[left]!) ? right : left;
      if (!this.#before(s[child]!, s[slot]!)) return;
      const moved = s[child]!;
      this.#place(child, s[slot]!);
      this.#place(slot, moved);
      slot = child;
    }
  }
}
