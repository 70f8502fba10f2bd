/**
 * Streams a response body into a file with as little work per chunk as possible: network chunks
 * are queued while one `writev` is in flight and the queue is written in one call when it
 * returns; the body is paused while more than {@link HIGH_WATER} bytes wait. The file is fsynced
 * after the last byte, so the caller's rename publishes durable bytes (a large body is also
 * flushed in the background every {@link SYNC_EVERY} bytes, which keeps that last fsync short).
 *
 * The body's listeners are attached before the file is opened, so a connection that dies while
 * the file opens is an error of this call, never an event nobody hears. The file is opened without
 * following a symlink at its name ({@link OpenMode}), so nothing is ever written through one.
 */
import { constants, type FileHandle, open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { prematureClose } from '../http/client.ts';

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
 * How the file is opened: `create` makes a new file and fails (EEXIST) if anything, a symlink
 * included, is already there; `truncate` empties and `append` continues a file of ours. None of
 * them follows a symlink (ELOOP).
 */
export type OpenMode = 'create' | 'truncate' | 'append';

const { O_WRONLY, O_CREAT, O_EXCL, O_TRUNC, O_APPEND } = constants;
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const FLAGS: Record<OpenMode, number> = {
  create: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
  truncate: O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW,
  append: O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW,
};

/** Hooks of {@link writeBody}. */
export interface WriteHooks {
  /** Called with the size of each chunk as it arrives. */
  onBytes?: (n: number) => void;
  /** Called when the body has ended (before the last writes and the fsync). */
  onReceived?: () => void;
  /** Called once the file is open, with whether the whole body had already arrived by then. */
  onOpen?: (whole: boolean) => void;
}

/**
 * Writes `body` to `path`; resolves the number of bytes written once they are on disk (fsynced)
 * and the file is closed. Rejects with the body's error (abort included) once every byte that
 * had arrived is written (a resume continues after them), or with the file system's own error
 * (ENOSPC, EEXIST, ELOOP… with its `code`) once the write in flight has settled.
 *
 * @example
 * const { body } = await client.request(url, { method: 'GET', signal });
 * const bytes = await writeBody(body, 'out/file.bin.part', 'create');
 */
export async function writeBody(
  body: Readable,
  path: string,
  mode: OpenMode,
  hooks: WriteHooks = {},
): Promise<number> {
  let file: FileHandle | undefined;
  // An early flush that failed is not an error yet: the final fsync reports what matters.
  let flushing: Promise<void> | undefined;
  let queue: Buffer[] = [];
  let queued = 0;
  let total = 0;
  let unsynced = 0;
  let writing = false;
  let ended = false;
  let failed = false;
  let settle: { resolve: (n: number) => void; reject: (error: unknown) => void } | undefined;
  let outcome: { error: unknown } | { bytes: number } | undefined;
  let afterWrite: (() => void) | undefined;
  const finish = (result: { error: unknown } | { bytes: number }) => {
    outcome = result;
    if (settle === undefined) return;
    if ('error' in result) settle.reject(result.error);
    else settle.resolve(result.bytes);
  };
  // The body failed (a dropped connection, an abort): what had arrived is still written, so a
  // resume continues after it, and then this is the outcome.
  let bodyError: { error: unknown } | undefined;
  const stopBody = () => {
    body.off('data', onData);
    body.destroy();
  };
  // The file failed: nothing more is written.
  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    stopBody();
    // Let a write in flight settle before the caller closes the file.
    if (!writing) finish({ error });
    else afterWrite = () => finish({ error });
  };
  const bodyFailed = (error: unknown) => {
    if (failed || ended || bodyError !== undefined) return;
    if (queue.length === 0 && !writing) return fail(error);
    bodyError = { error };
    stopBody();
    flush();
  };
  const flush = () => {
    if (failed || writing || file === undefined) return;
    if (queue.length === 0) {
      if (bodyError !== undefined) finish(bodyError);
      else if (ended) finish({ bytes: total });
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
        if (afterWrite !== undefined) return afterWrite();
        if (bytesWritten === 0)
          return fail(Object.assign(new Error('the file took no bytes'), { code: 'EIO' }));
        // A short write (a full disk, usually): the rest goes again, and that write reports why.
        if (bytesWritten < size) queue.unshift(...rest(batch, bytesWritten));
        queued -= bytesWritten;
        total += bytesWritten;
        unsynced += bytesWritten;
        if (unsynced >= SYNC_EVERY && flushing === undefined) {
          unsynced = 0;
          const done = () => {
            flushing = undefined;
          };
          flushing = file!.datasync().then(done, done);
        }
        if (bodyError === undefined && body.isPaused() && queued < HIGH_WATER) body.resume();
        flush();
      },
      (error: unknown) => {
        writing = false;
        fail(error);
        afterWrite?.();
      },
    );
  };
  const onData = (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    hooks.onBytes?.(chunk.length);
    if (queued >= HIGH_WATER) body.pause();
    flush();
  };
  // Listeners first, before any await: whatever the connection does from now on is heard.
  if (body.destroyed && !body.readableEnded) fail(body.errored ?? prematureClose());
  body.on('data', onData);
  body.once('end', () => {
    ended = true;
    hooks.onReceived?.();
    flush();
  });
  body.once('error', bodyFailed);
  // A body destroyed without an error (an abort, a closed socket) never ends.
  body.once('close', () => bodyFailed(prematureClose()));
  if (outcome !== undefined && 'error' in outcome) throw outcome.error;
  try {
    file = await open(path, FLAGS[mode], 0o644);
  } catch (error) {
    fail(error);
    body.on('error', () => {});
    throw error;
  }
  try {
    hooks.onOpen?.(ended);
    flush();
    const written = await new Promise<number>((resolve, reject) => {
      settle = { resolve, reject };
      if (outcome !== undefined) finish(outcome);
    });
    await flushing;
    await file.sync();
    return written;
  } finally {
    await flushing;
    await file.close();
  }
}

/** What is left of `batch` after its first `written` bytes. */
function rest(batch: Buffer[], written: number): Buffer[] {
  let skip = written;
  let i = 0;
  while (skip >= batch[i]!.length) skip -= batch[i++]!.length;
  return [batch[i]!.subarray(skip), ...batch.slice(i + 1)];
}
