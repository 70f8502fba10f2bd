import { type MessagePort, receiveMessageOnPort, type TransferListItem } from 'node:worker_threads';
import type { Batch } from './outbox.ts';
import { decode, encode, type RingViews } from './ring-codec.ts';

/**
 * One direction of the shared-memory transport between the pool and a worker thread: batches
 * travel as records in a ring in a SharedArrayBuffer, and wake-ups are Atomics operations, so the
 * common call and result cost no structured clone and no message. What the ring cannot carry —
 * a batch with transfers, a value {@link encode} refuses, a batch bigger than the free space —
 * goes on a MessagePort instead. Every batch carries a sequence number and the receiver takes
 * them strictly in order from whichever of the two holds the next one, so the two paths never
 * reorder calls or answers. The port is only ever read with `receiveMessageOnPort` (it has no
 * listener), so all wake-ups go through the ring's cells.
 *
 * Wake-ups come in two kinds, chosen by the sender. Calls (`wake: 'atomics'`): the receiver
 * either sleeps in `Atomics.wait` (a worker with nothing to do: {@link sleep}) or waits in its
 * event loop through `Atomics.waitAsync` ({@link listen}); a send notifies the one it is doing,
 * read from a flag the sleeper sets, so neither wake-up is lost. Answers (`wake: 'message'`): the
 * pool's thread never sleeps, and a message event reaches its event loop sooner than a
 * `waitAsync` resolution (measured ~11 µs against ~20 µs per hop on this box), so each batch is
 * announced by a message on the port (its sequence number; or the batch itself when the ring
 * cannot carry it), and the receiver listens there ({@link listenToPort}).
 *
 * @example
 * ```ts
 * const { port1, port2 } = new MessageChannel();
 * const buffer = createChannelBuffer();
 * const out = new ChannelSender(buffer, port1);      // pool thread
 * const inbox = new ChannelReceiver(buffer, port2);  // worker thread (buffer and port2 sent to it)
 * inbox.listen((batch) => handle(batch));
 * out.send([Int32Array.of(1, 2), ['value']], []);
 * ```
 */

/** Words of ring space per direction and worker (64 KiB): a power of two. */
const CAPACITY = 1 << 14;
/** Header cells; the ring's words start at DATA (an even word, so doubles align). */
const WRITE = 0; // words published by the sender (wraps; only differences are used)
const READ = 1; // words consumed by the receiver
const SENT = 2; // batches sent by either path: what a sleeping receiver waits on
const SLEEPING = 3; // 1 while the receiver is in Atomics.wait
const BELL = 4; // rung for a receiver waiting in its event loop
const PORTED = 5; // batches sent by the port: the receiver looks there only when it has fallen behind
const DATA = 8;
/** A record's seq when it only pads the ring's end (the next record starts at word 0). */
const SKIP = -1;

/** The shared memory of one channel direction. */
export function createChannelBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer((DATA + CAPACITY) * Int32Array.BYTES_PER_ELEMENT);
}

function viewsOf(buffer: SharedArrayBuffer): RingViews {
  return { i32: new Int32Array(buffer), f64: new Float64Array(buffer), u16: new Uint16Array(buffer) };
}

/** Atomics.waitAsync (Node ≥ 16) is typed only from lib es2024 on; the project targets es2023. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

/** How a sender wakes its receiver (see the module's comment). */
export type Wake = 'atomics' | 'message';

/** The sending end. One thread sends on it. */
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

/** The receiving end. One thread receives on it. */
export class ChannelReceiver {
  readonly #views: RingViews;
  readonly #cells: Int32Array;
  readonly #cursor: [number] = [0];
  #next = 0;
  #read = 0;
  #ported = 0;
  #closed = false;

  constructor(
    buffer: SharedArrayBuffer,
    readonly port: MessagePort,
  ) {
    this.#views = viewsOf(buffer);
    this.#cells = this.#views.i32;
  }

  /** The next batch in order, or undefined if it has not been sent yet (`wake: 'atomics'`). */
  take(): Batch | undefined {
    const batch = this.#takeFromRing();
    if (batch !== undefined) return batch;
    // The port is published after its message is posted, so a count ahead of ours means a message.
    if (Atomics.load(this.#cells, PORTED) === this.#ported) return undefined;
    const message = receiveMessageOnPort(this.port);
    if (message === undefined) return undefined;
    this.#ported++;
    return this.#fromPort(message.message as [number, Batch]);
  }

  /** The ring's next record if it is the next batch in order. */
  #takeFromRing(): Batch | undefined {
    const cells = this.#cells;
    const written = Atomics.load(cells, WRITE);
    while (this.#read !== written) {
      const at = DATA + (this.#read & (CAPACITY - 1));
      const seq = cells[at + 1]!;
      if (seq !== SKIP && seq !== this.#next) break; // the next batch went by the port
      const words = cells[at]!;
      const batch = seq === SKIP ? undefined : this.#decode(at);
      this.#read = (this.#read + words) | 0;
      Atomics.store(cells, READ, this.#read);
      if (batch !== undefined) {
        this.#next++;
        return batch;
      }
    }
    return undefined;
  }

  #fromPort([seq, batch]: [number, Batch]): Batch {
    if (seq !== this.#next) throw new Error(`spindle wire: batch ${seq} arrived when ${this.#next} was due`);
    this.#next++;
    return batch;
  }

  /**
   * Delivers batches announced on the port (`wake: 'message'`). Each message stands for one
   * batch, in order: a sequence number (the batch is in the ring) or the batch itself, so every
   * batch before it has been delivered when it arrives. The port does not keep the thread alive.
   */
  listenToPort(deliver: (batch: Batch) => void): void {
    this.port.on('message', (message: number | [number, Batch]) => this.#announced(message, deliver));
    this.port.unref();
  }

  /** Delivers every batch sent so far (`wake: 'message'`), e.g. once the sender has exited. */
  drainAnnounced(deliver: (batch: Batch) => void): void {
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      this.#announced(m.message as number | [number, Batch], deliver);
    }
    this.#ringToEnd(deliver);
  }

  #announced(message: number | [number, Batch], deliver: (batch: Batch) => void): void {
    if (typeof message !== 'number') deliver(this.#fromPort(message));
    this.#ringToEnd(deliver);
  }

  #ringToEnd(deliver: (batch: Batch) => void): void {
    for (let batch = this.#takeFromRing(); batch !== undefined; batch = this.#takeFromRing()) deliver(batch);
  }

  /** Hands every batch that has arrived to `deliver`, in order. */
  drain(deliver: (batch: Batch) => void): void {
    for (let batch = this.take(); batch !== undefined; batch = this.take()) deliver(batch);
  }

  /**
   * Delivers batches as they arrive, waiting in the event loop (`Atomics.waitAsync`), until
   * {@link close}. The wait does not keep the thread alive by itself.
   */
  listen(deliver: (batch: Batch) => void): void {
    const cells = this.#cells;
    const arm = () => {
      for (;;) {
        if (this.#closed) return;
        // Read the bell before draining: a send after the drain changes it and the wait returns.
        const bell = Atomics.load(cells, BELL);
        this.drain(deliver);
        if (this.#closed) return;
        const waiting = waitAsync(cells, BELL, bell);
        if (waiting.async) {
          void waiting.value.then(arm);
          return;
        }
      }
    };
    arm();
  }

  /**
   * Blocks this thread until a batch arrives (returned) or `timeoutMs` passes (undefined). No
   * wake-up is lost: the sender publishes, then bumps SENT, then reads SLEEPING; this sets
   * SLEEPING, reads SENT, looks for a batch, and only then waits for SENT to move — in any
   * interleaving either the batch is seen, or SENT has moved, or the sender sees the flag.
   */
  sleep(timeoutMs: number): Batch | undefined {
    const cells = this.#cells;
    const deadline = performance.now() + timeoutMs;
    Atomics.store(cells, SLEEPING, 1);
    try {
      for (;;) {
        const sent = Atomics.load(cells, SENT);
        const batch = this.take();
        if (batch !== undefined) return batch;
        const left = deadline - performance.now();
        if (left <= 0 || Atomics.wait(cells, SENT, sent, left) === 'timed-out') return undefined;
      }
    } finally {
      Atomics.store(cells, SLEEPING, 0);
    }
  }

  /** Stops {@link listen} (its pending wait is released) and closes the port. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    Atomics.add(this.#cells, BELL, 1);
    Atomics.notify(this.#cells, BELL);
    this.port.close();
  }

  #decode(at: number): Batch {
    const cells = this.#cells;
    const n = cells[at + 2]!;
    const ints = cells.slice(at + 3, at + 3 + n);
    const cursor = this.#cursor;
    let next = at + 3 + n;
    const count = cells[next++]!;
    const values = new Array<unknown>(count);
    for (let i = 0; i < count; i++) {
      values[i] = decode(this.#views, next, cursor);
      next = cursor[0];
    }
    return [ints, values];
  }
}
