/**
 * Streams a response body into a file with as little work per chunk as possible: network chunks
 * are queued while one `writev` is in flight and the queue is written in one call when it
 * returns; the body is paused while more than {@link HIGH_WATER} bytes wait. The file is fsynced
 * once, after the last byte, so the caller's rename publishes durable bytes. This replaces a
 * `pipeline(body, Transform, WriteStream)`, which costs several stream hops per chunk.
 */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** Bytes queued for the disk before the body is paused. */
export const HIGH_WATER = 4 << 20;
/** Chunks per `writev` (well under IOV_MAX). */
const MAX_IOV = 512;

/**
 * Writes `body` to `path` (appending when `append`), calling `onBytes(n)` as chunks arrive and
 * `onReceived()` when the body has ended (before the last writes and the fsync); resolves the number of bytes written once they are on disk (fsynced) and the file is closed.
 * Rejects with the body's error (abort included) after the writes in flight have settled.
 */
export async function writeBody(
  body: Readable,
  path: string,
  append: boolean,
  onBytes?: (n: number) => void,
  onReceived?: () => void,
): Promise<number> {
  const file = await open(path, append ? 'a' : 'w');
  try {
    const written = await new Promise<number>((resolve, reject) => {
      let queue: Buffer[] = [];
      let queued = 0;
      let total = 0;
      let writing = false;
      let ended = false;
      let failed = false;
      let settleAfterWrite: (() => void) | undefined;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        body.off('data', onData);
        body.destroy();
        // Let a write in flight settle before the caller closes the file.
        if (!writing) reject(error);
        else settleAfterWrite = () => reject(error);
      };
      const flush = () => {
        if (failed || writing) return;
        if (queue.length === 0) {
          if (ended) resolve(total);
          return;
        }
        const batch = queue.length > MAX_IOV ? queue.splice(0, MAX_IOV) : queue;
        if (batch === queue) queue = [];
        let size = 0;
        for (const chunk of batch) size += chunk.length;
        writing = true;
        file.writev(batch).then(
          ({ bytesWritten }) => {
            writing = false;
            queued -= size;
            if (settleAfterWrite !== undefined) return settleAfterWrite();
            if (bytesWritten !== size)
              return fail(new Error(`short write: ${bytesWritten} of ${size} bytes`));
            total += size;
            if (body.isPaused() && queued < HIGH_WATER) body.resume();
            flush();
          },
          (error: unknown) => {
            writing = false;
            fail(error);
            settleAfterWrite?.();
          },
        );
      };
      const onData = (chunk: Buffer) => {
        queue.push(chunk);
        queued += chunk.length;
        onBytes?.(chunk.length);
        if (queued >= HIGH_WATER) body.pause();
        flush();
      };
      body.on('data', onData);
      body.once('end', () => {
        ended = true;
        onReceived?.();
        flush();
      });
      body.once('error', fail);
      // A body destroyed without an error (an abort, a closed socket) never ends.
      body.once('close', () => {
        if (!ended) fail(Object.assign(new Error('premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
      });
    });
    await file.sync();
    return written;
  } finally {
    await file.close();
  }
}
