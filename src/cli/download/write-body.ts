/**
 * Streams a response body into a file with as little work per chunk as possible: network chunks
 * are queued while one `writev` is in flight and the queue is written in one call when it
 * returns; the body is paused while more than {@link HIGH_WATER} bytes wait. The file is fsynced
 * after the last byte, so the caller's rename publishes durable bytes (a large body is also
 * flushed in the background every {@link SYNC_EVERY} bytes, which keeps that last fsync short). This replaces a
 * `pipeline(body, Transform, WriteStream)`, which costs several stream hops per chunk.
 */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** Bytes queued for the disk before the body is paused. */
export const HIGH_WATER = 4 << 20;
/** Chunks per `writev` (well under IOV_MAX). */
const MAX_IOV = 512;
/**
 * A large body is flushed to disk (fdatasync, in the background) every this many bytes, so the
 * disk works while the network does and the final fsync has little left to write.
 */
export const SYNC_EVERY = 32 << 20;

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
  // An early flush that failed is not an error yet: the final fsync reports what matters.
  let flushing: Promise<void> | undefined;
  try {
    const written = await new Promise<number>((resolve, reject) => {
      let queue: Buffer[] = [];
      let queued = 0;
      let total = 0;
      let unsynced = 0;
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
            unsynced += size;
            if (unsynced >= SYNC_EVERY && flushing === undefined) {
              unsynced = 0;
              flushing = file.datasync().then(
                () => {
                  flushing = undefined;
                },
                () => {
                  flushing = undefined;
                },
              );
            }
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
    await flushing;
    await file.sync();
    return written;
  } finally {
    await flushing;
    await file.close();
  }
}
