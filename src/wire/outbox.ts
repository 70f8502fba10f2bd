import type { TransferListItem } from 'node:worker_threads';
/**
 * Collects records and sends them as one batch at the end of the current turn of the event
 * loop (a microtask), so a burst of submits costs one message while a lone task is never delayed.
 */
export class Outbox {
  #records: unknown[] = [];
  #transfer: TransferListItem[] = [];
  #scheduled = false;
  readonly #send: (batch: unknown[], transfer: TransferListItem[]) => void;
  readonly #onSendError: (batch: unknown[], error: unknown) => void;
  readonly #flush = () => this.flush();
  readonly #arity: Record<number, number>;

  /**
   * @param arity the number of fields of each op code.
   * @param send posts one batch.
   * @param onSendError receives a batch that could not be posted (e.g. a value that cannot be
   * cloned) so that its owner can fail exactly the records concerned.
   */
  constructor(
    arity: Record<number, number>,
    send: (batch: unknown[], transfer: TransferListItem[]) => void,
    onSendError: (batch: unknown[], error: unknown) => void,
  ) {
    this.#arity = arity;
    this.#send = send;
    this.#onSendError = onSendError;
  }

  /** Appends one record to the next batch: the op code and its fields (fixed parameters, no rest array). */
  push(op: number, a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown): void {
    const records = this.#records;
    const n = this.#arity[op]!;
    records.push(op);
    if (n > 0) records.push(a);
    if (n > 1) records.push(b);
    if (n > 2) records.push(c);
    if (n > 3) records.push(d);
    if (n > 4) records.push(e);
    this.#schedule();
  }

  /** Adds objects to move (not copy) with the next batch. */
  transfer(list: readonly TransferListItem[]): void {
    for (const item of list) this.#transfer.push(item);
  }

  /** Sends what is pending now. */
  flush(): void {
    this.#scheduled = false;
    if (this.#records.length === 0) return;
    const batch = this.#records;
    const transfer = this.#transfer;
    this.#records = [];
    this.#transfer = [];
    try {
      this.#send(batch, transfer);
    } catch (error) {
      this.#onSendError(batch, error);
    }
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(this.#flush);
  }
}

/** Calls `visit(op, fields…)` for each record of a flat batch, given each op's field count. */
export function forEachRecord(
  batch: readonly unknown[],
  arity: Record<number, number>,
  visit: (op: number, a: unknown, b: unknown, c: unknown, d: unknown, e: unknown) => void,
): void {
  let i = 0;
  while (i < batch.length) {
    const op = batch[i] as number;
    const n = arity[op];
    if (n === undefined) throw new Error(`spindle wire: unknown op ${op} at ${i}`);
    visit(op, batch[i + 1], batch[i + 2], batch[i + 3], batch[i + 4], batch[i + 5]);
    i += n + 1;
  }
}
