import type { TransferListItem } from 'node:worker_threads';

/**
 * One message between the pool and a worker: the integer fields of every record packed into one
 * Int32Array (cloned as a single block of bytes), and the few fields that are values (arguments,
 * results, errors) in one array. A batch of N small tasks therefore costs one message and about
 * N cloned values, not N messages of several objects each.
 */
export type Batch = [ints: Int32Array, values: unknown[]];

const resolved = Promise.resolve();

/** See {@link Outbox.countBytes}. */
const EAGER_FLUSH_BYTES = 256 * 1024;

/**
 * Collects records and sends them as one batch at the end of the current turn of the event
 * loop (a microtask), so a burst of submits costs one message while a lone task is never delayed.
 * A record is written as `int(op)`, its other ints and values, then `commit()`.
 */
export class Outbox {
  #ints = new Int32Array(256);
  #length = 0;
  #values: unknown[] = [];
  #transfer: TransferListItem[] = [];
  #scheduled = false;
  /** Bytes of binary values written since the last flush (as counted by the writer). */
  #bytes = 0;
  readonly #send: (batch: Batch, transfer: TransferListItem[]) => void;
  readonly #onSendError: (batch: Batch, error: unknown) => void;
  readonly #flush = () => this.flush();

  /**
   * @param send posts one batch.
   * @param onSendError receives a batch that could not be posted (e.g. a value that cannot be
   * cloned) so that its owner can fail exactly the records concerned.
   */
  constructor(
    send: (batch: Batch, transfer: TransferListItem[]) => void,
    onSendError: (batch: Batch, error: unknown) => void,
  ) {
    this.#send = send;
    this.#onSendError = onSendError;
  }

  int(value: number): void {
    if (this.#length === this.#ints.length) {
      const grown = new Int32Array(this.#ints.length * 2);
      grown.set(this.#ints);
      this.#ints = grown;
    }
    this.#ints[this.#length++] = value;
  }

  value(value: unknown): void {
    this.#values.push(value);
  }

  /** Adds objects to move (not copy) with the next batch. */
  transfer(list: readonly TransferListItem[]): void {
    for (const item of list) this.#transfer.push(item);
  }

  /**
   * Counts binary bytes just written; past EAGER_FLUSH_BYTES the batch goes out now, so large
   * payloads never pile up into one huge message (one allocation of their total size on each side).
   */
  countBytes(bytes: number): void {
    this.#bytes += bytes;
    if (this.#bytes >= EAGER_FLUSH_BYTES) this.flush();
  }

  /** Ends a record: the batch goes out at the end of this turn. */
  commit(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // A promise reaction rather than queueMicrotask, which wraps each call in an AsyncResource
    // (about a microsecond per batch, on the path of every lone call).
    resolved.then(this.#flush);
  }

  /** Sends what is pending now. */
  flush(): void {
    this.#scheduled = false;
    this.#bytes = 0;
    if (this.#length === 0) return;
    // A view, not a copy: postMessage clones the bytes synchronously, so the buffer is reused at
    // once and no backing store is allocated per batch. A buffer grown by a huge burst shrinks back.
    const batch: Batch = [this.#ints.subarray(0, this.#length), this.#values];
    const transfer = this.#transfer;
    if (this.#ints.length > 4096 && this.#length < this.#ints.length >> 2) this.#ints = new Int32Array(1024);
    this.#length = 0;
    this.#values = [];
    this.#transfer = [];
    try {
      this.#send(batch, transfer);
    } catch (error) {
      this.#onSendError(batch, error);
    }
  }
}

/** Reads the records of a {@link Batch} in order. */
export class BatchReader {
  #i = 0;
  #v = 0;
  readonly #ints: Int32Array;
  readonly #values: unknown[];

  constructor(batch: Batch) {
    this.#ints = batch[0];
    this.#values = batch[1];
  }

  get more(): boolean {
    return this.#i < this.#ints.length;
  }

  int(): number {
    return this.#ints[this.#i++]!;
  }

  value(): unknown {
    return this.#values[this.#v++];
  }
}
