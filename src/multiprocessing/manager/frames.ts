/**
 * Messages between a Manager and its clients: each one a 4-byte big-endian length followed by a
 * V8 structured-clone payload (so Maps, Dates, typed arrays and BigInts survive), read back
 * however the stream happens to split them.
 */
import { deserialize, serialize } from 'node:v8';

/** Above this, a message is refused at the sender (and treated as an attack at the receiver). */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** One message as bytes ready to write. */
export function encodeFrame(message: unknown): Buffer {
  const body = serialize(message);
  if (body.length > MAX_FRAME_BYTES) {
    throw new RangeError(
      `a Manager message of ${body.length} bytes exceeds the ${MAX_FRAME_BYTES}-byte limit`,
    );
  }
  const frame = Buffer.allocUnsafe(4 + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, 4);
  return frame;
}

/** Collects chunks and yields whole messages. */
export class FrameReader {
  #pending: Buffer = Buffer.alloc(0);

  /** Adds a chunk; returns every message it completes. Throws on an oversized frame. */
  push(chunk: Buffer): unknown[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const messages: unknown[] = [];
    let offset = 0;
    while (this.#pending.length - offset >= 4) {
      const length = this.#pending.readUInt32BE(offset);
      if (length > MAX_FRAME_BYTES) throw new RangeError(`oversized Manager frame (${length} bytes)`);
      if (this.#pending.length - offset - 4 < length) break;
      messages.push(deserialize(this.#pending.subarray(offset + 4, offset + 4 + length)));
      offset += 4 + length;
    }
    this.#pending = this.#pending.subarray(offset);
    return messages;
  }
}
