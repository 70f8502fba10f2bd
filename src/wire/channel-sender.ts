import type { MessagePort, TransferListItem } from 'node:worker_threads';
import {
  BELL,
  CAPACITY,
  DATA,
  PORTED,
  READ,
  SENT,
  SKIP,
  SLEEPING,
  viewsOf,
  type Wake,
  WRITE,
} from './channel-layout.ts';
import type { Batch } from './outbox.ts';
import { encode, type RingViews } from './ring-codec.ts';

/**
 * The sending end of a shared-memory channel (channel-layout.ts). One thread sends on it.
 *
 * @example
 * ```ts
 * const out = new ChannelSender(createChannelBuffer(), port1);
 * out.send([Int32Array.of(1, 2), ['value']], []);
 * ```
 */
export class ChannelSender {
  readonly #views: RingViews;
  readonly #cells: Int32Array;
  #seq = 0;
  #write = 0;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly port: MessagePort,
    private readonly wake: Wake = 'atomics',
  ) {
    this.#views = viewsOf(buffer);
    this.#cells = this.#views.i32;
  }

  /**
   * Sends one batch and wakes the receiver. Throws what postMessage throws (an uncloneable value)
   * with nothing sent.
   */
  send(batch: Batch, transfer: readonly TransferListItem[]): void {
    const seq = this.#seq;
    const cells = this.#cells;
    const ringed = transfer.length === 0 && this.#writeRing(seq, batch);
    if (this.wake === 'message') {
      this.port.postMessage(ringed ? seq : [seq, batch], transfer as TransferListItem[]);
      this.#seq = seq + 1;
      return;
    }
    if (!ringed) {
      this.port.postMessage([seq, batch], transfer as TransferListItem[]);
      Atomics.add(cells, PORTED, 1);
    }
    this.#seq = seq + 1;
    Atomics.add(cells, SENT, 1);
    if (Atomics.load(cells, SLEEPING) === 1) Atomics.notify(cells, SENT, 1);
    else {
      Atomics.add(cells, BELL, 1);
      Atomics.notify(cells, BELL, 1);
    }
  }

  /** Writes the batch as one record; false (nothing published) if it does not fit or encode. */
  #writeRing(seq: number, batch: Batch): boolean {
    const free = CAPACITY - ((this.#write - Atomics.load(this.#cells, READ)) | 0);
    const at = this.#write & (CAPACITY - 1);
    const toEnd = CAPACITY - at;
    let words = this.#record(seq, batch, DATA + at, DATA + at + Math.min(free, toEnd));
    if (words > 0) return this.#publish(words);
    if (toEnd >= free) return false;
    // It may fit at the start: pad the end with a SKIP record, as one publication.
    words = this.#record(seq, batch, DATA, DATA + free - toEnd);
    if (words < 0) return false;
    this.#cells[DATA + at] = toEnd;
    this.#cells[DATA + at + 1] = SKIP;
    return this.#publish(toEnd + words);
  }

  #publish(words: number): true {
    this.#write = (this.#write + words) | 0;
    Atomics.store(this.#cells, WRITE, this.#write);
    return true;
  }

  /** [length, seq, ints count, ints…, values count, values…]; returns its even length, or -1. */
  #record(seq: number, [ints, values]: Batch, start: number, end: number): number {
    const cells = this.#cells;
    const n = ints.length;
    if (start + 4 + n > end) return -1;
    cells[start + 1] = seq;
    cells[start + 2] = n;
    cells.set(ints, start + 3);
    let next = start + 3 + n;
    cells[next++] = values.length;
    for (const value of values) {
      next = encode(this.#views, value, next, end);
      if (next < 0) return -1;
    }
    const words = (next - start + 1) & ~1;
    if (start + words > end) return -1;
    cells[start] = words;
    return words;
  }
}
