/**
 * One direction of the shared-memory transport between the pool and a worker thread: batches
 * travel as records in a ring in a SharedArrayBuffer, and wake-ups are Atomics operations, so the
 * common call and result cost no structured clone. What the ring cannot carry — a batch with
 * transfers, a value ring-codec.ts refuses, a batch bigger than the free space — goes on a
 * MessagePort instead. Every batch carries a sequence number and the receiver takes
 * them strictly in order from whichever of the two holds the next one, so the two paths never
 * reorder calls or answers.
 *
 * Wake-ups come in two kinds, chosen by the sender. Calls (`wake: 'atomics'`): the receiver
 * either sleeps in `Atomics.wait` (a worker with nothing to do: `ChannelReceiver.sleep`) or waits in its
 * event loop through `Atomics.waitAsync` (`ChannelReceiver.listen`); a send notifies the one it
 * is doing, read from a flag the sleeper sets, so neither wake-up is lost (a sleeper first
 * busy-waits briefly, see `ChannelReceiver.sleep`). Answers (`wake: 'message'`): the
 * pool's thread never sleeps, and a message event reaches its event loop sooner than a
 * `waitAsync` resolution (measured ~11 µs against ~20 µs per hop on this box), so each batch is
 * announced by a message on the port (its sequence number; or the batch itself when the ring
 * cannot carry it), and the receiver listens there (`ChannelReceiver.listenToPort`).
 *
 * This file holds the layout both ends share; channel-sender.ts and channel-receiver.ts the ends.
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
import type { RingViews } from './ring-codec.ts';

/** Words of ring space per direction and worker (64 KiB): a power of two. */
export const CAPACITY = 1 << 14;
/** Header cells; the ring's words start at DATA (an even word, so doubles align). */
export const WRITE = 0; // words published by the sender (wraps; only differences are used)
export const READ = 1; // words consumed by the receiver
export const SENT = 2; // batches sent by either path: what a sleeping receiver waits on
export const SLEEPING = 3; // 1 while the receiver is in Atomics.wait
export const BELL = 4; // rung for a receiver waiting in its event loop
export const PORTED = 5; // batches sent by the port: the receiver looks there only when it has fallen behind
export const DATA = 8;
/** A record's seq when it only pads the ring's end (the next record starts at word 0). */
export const SKIP = -1;

/** The shared memory of one channel direction. */
export function createChannelBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer((DATA + CAPACITY) * Int32Array.BYTES_PER_ELEMENT);
}

export function viewsOf(buffer: SharedArrayBuffer): RingViews {
  return { i32: new Int32Array(buffer), f64: new Float64Array(buffer), u16: new Uint16Array(buffer) };
}

/** How a sender wakes its receiver (see the module's comment). */
export type Wake = 'atomics' | 'message';
