import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
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
  WRITE,
} from './channel-layout.ts';
import type { Batch } from './outbox.ts';
import { decode, type RingViews } from './ring-codec.ts';

/** How long {@link ChannelReceiver.sleep} busy-waits before it blocks (ms), when it does. */
const SPIN_MS = 0.05;
/** The most sleeps in a row that skip the busy-wait after it kept catching nothing. */
const SPIN_BACKOFF_MAX = 64;

/**
 * The receiving end of a shared-memory channel (channel-layout.ts). One thread receives on it.
 *
 * @example
 * ```ts
 * const inbox = new ChannelReceiver(buffer, port2); // buffer and port2 sent from the other thread
 * inbox.listen((batch) => handle(batch));
 * ```
 */
export class ChannelReceiver {
  readonly #views: RingViews;
  readonly #cells: Int32Array;
  readonly #cursor: [number] = [0];
  #next = 0;
  #read = 0;
  #ported = 0;
  #closed = false;
  #spinSkips = 0;
  #spinBackoff = 0;
  /** Busy-waits done by {@link sleep}, and those that caught a batch (diagnostics). */
  readonly spins = { tried: 0, caught: 0 };

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
        const waiting = Atomics.waitAsync(cells, BELL, bell);
        if (waiting.async) {
          void waiting.value.then(arm);
          return;
        }
      }
    };
    arm();
  }

  /**
   * Blocks this thread (after a brief busy-wait: #spin) until a batch arrives (returned) or
   * `timeoutMs` passes (undefined). No wake-up is lost: the sender publishes, then bumps SENT,
   * then reads SLEEPING, and notifies SENT if it is set, else rings BELL. This sets SLEEPING,
   * reads SENT, looks for a batch, and only then waits for SENT to move — in any interleaving
   * either the batch is seen, or SENT has moved, or the sender sees the flag. On the way out it clears SLEEPING and looks once more: a sender
   * that still saw the flag notified a sleeper that had already timed out and rang no BELL, so
   * its batch was published before the flag was cleared and this last look finds it.
   */
  sleep(timeoutMs: number): Batch | undefined {
    const cells = this.#cells;
    const deadline = performance.now() + timeoutMs;
    Atomics.store(cells, SLEEPING, 1);
    let batch: Batch | undefined;
    try {
      for (;;) {
        const sent = Atomics.load(cells, SENT);
        batch = this.take();
        if (batch !== undefined) break;
        if (this.#spin(sent)) continue;
        const left = deadline - performance.now();
        if (left <= 0 || Atomics.wait(cells, SENT, sent, left) === 'timed-out') break;
      }
    } finally {
      Atomics.store(cells, SLEEPING, 0);
    }
    return batch ?? this.take();
  }

  /**
   * Busy-waits up to {@link SPIN_MS} for SENT to move, and says whether it did. When calls come
   * one at a time, the next one usually arrives a few tens of µs after the answer: catching it
   * here spares its futex wake-up, which costs 15–40 µs when the two threads run on different
   * CPUs (a halted virtual CPU is slow to wake). A spin that catches nothing means calls are
   * further apart, or the sender needs this CPU to make the next one; each such miss doubles
   * the number of sleeps that skip the spin (up to {@link SPIN_BACKOFF_MAX}), and a catch resets it.
   */
  #spin(sent: number): boolean {
    if (this.#spinSkips > 0) {
      this.#spinSkips--;
      return false;
    }
    const cells = this.#cells;
    const until = performance.now() + SPIN_MS;
    this.spins.tried++;
    do {
      if (Atomics.load(cells, SENT) !== sent) {
        this.spins.caught++;
        this.#spinBackoff = 0;
        return true;
      }
    } while (performance.now() < until);
    this.#spinBackoff = Math.min(this.#spinBackoff * 2 || 1, SPIN_BACKOFF_MAX);
    this.#spinSkips = this.#spinBackoff;
    return false;
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
