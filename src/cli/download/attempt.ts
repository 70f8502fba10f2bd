/**
 * One attempt at one URL: GET (with Range when a `.part` can be continued), stream the body into
 * `NAME.part`, fsync, check the size and the checksum, then rename to `NAME`. Nothing is ever
 * written under the final name until the bytes are complete and verified.
 */
import { rename, unlink } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { discard, drain, type HttpClient } from '../http/client.ts';
import { chooseName } from '../http/filename.ts';
import { follow } from '../http/follow.ts';
import type { ExistingPolicy, NameClaims } from '../http/names.ts';
import { HttpStatusError, parseRetryAfter } from '../http/retry.ts';
import { digestFile } from './checksum.ts';
import { type SpeedLimit, watchSpeed } from './low-speed.ts';
import type { Progress } from './progress.ts';
import { type DownloadState, partSize } from './state.ts';
import type { AttemptRecord } from './types.ts';
import { forgetValidator, keepValidator, storedValidator } from './validator.ts';
import { type OpenMode, writeBody } from './write-body.ts';

/** What every attempt of a run shares. */
export interface AttemptContext {
  client: HttpClient;
  claims: NameClaims;
  progress: Progress;
  /** Continue `.part` files left by an earlier run (and confirm complete files: 416). */
  resume: boolean;
  /** What an existing final name means. */
  existing: ExistingPolicy;
  /** Cut off a body slower than this (`--speed-limit`/`--speed-time`). */
  lowSpeed?: SpeedLimit;
}

/** A body that ended short of, or past, its announced size: retried (continuing when possible). */
export class SizeMismatchError extends Error {
  override name = 'SizeMismatchError';
  readonly code = 'ERR_SIZE_MISMATCH';
}

/** The server did not continue where the `.part` ends: the next attempt starts over. */
export class RangeRestartError extends Error {
  override name = 'RangeRestartError';
  readonly code = 'ERR_RANGE_RESTART';
}

/** The downloaded bytes do not have the expected digest; the `.part` is deleted. */
export class ChecksumError extends Error {
  override name = 'ChecksumError';
  readonly code = 'ERR_CHECKSUM';
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** `bytes a-b/total` → [a, total or undefined]; undefined when malformed. */
function contentRange(value: string | undefined): [number, number | undefined] | undefined {
  const match = /^bytes\s+(\d+)-\d+\/(\d+|\*)$/.exec(value?.trim() ?? '');
  return match === null ? undefined : [Number(match[1]), match[2] === '*' ? undefined : Number(match[2])];
}

/**
 * Runs one attempt; resolves when the file is complete under its final name. `received` is
 * called once the whole body has arrived (the connection is free; writing may still go on).
 */
export async function attempt(
  state: DownloadState,
  context: AttemptContext,
  record: AttemptRecord,
  signal: AbortSignal,
  received?: () => void,
): Promise<void> {
  const ranged = state.name !== undefined && state.offset > 0 && state.acceptsRanges;
  const headers: Record<string, string> = {};
  if (ranged) {
    headers.range = `bytes=${state.offset}-`;
    if (state.validator !== undefined) headers['if-range'] = state.validator;
    record.resumedFrom = state.offset;
  }
  const { response, url } = await follow(state.url, {
    client: context.client,
    method: 'GET',
    headers,
    signal,
  });
  const { statusCode: status, headers: h, body } = response;
  record.httpStatus = status;
  if (status === 416 && ranged) {
    await drain(body);
    const total = Number(/\/(\d+)$/.exec(header(h, 'content-range') ?? '')?.[1] ?? Number.NaN);
    if (total === state.offset && state.confirming) {
      // The file under the final name already has every byte: left alone, as curl -C - does.
      state.skipped = 'already complete';
      return;
    }
    if (total === state.offset) return finish(state);
    state.acceptsRanges = false;
    throw new RangeRestartError(`the server cannot continue at byte ${state.offset}; starting over`);
  }
  if (status < 200 || status > 299) {
    await drain(body);
    throw new HttpStatusError(status, parseRetryAfter(header(h, 'retry-after')));
  }
  if (state.confirming) {
    // The final file is not the server's whole body (shorter, or changed): fetch it anew.
    state.confirming = false;
    state.offset = 0;
    if (status === 206) {
      discard(body);
      return attempt(state, context, record, signal, received);
    }
  }
  if (state.name === undefined) {
    const claim = context.claims.claim(chooseName(url, header(h, 'content-disposition')));
    state.name = claim.name;
    state.acceptsRanges = header(h, 'accept-ranges')?.toLowerCase() === 'bytes';
    if (claim.exists && context.existing === 'skip') {
      discard(body);
      state.skipped = 'exists';
      state.offset = await partSize(state.finalPath);
      return;
    }
    if (context.resume && state.acceptsRanges && status === 200) {
      state.offset = await partSize(state.partPath);
      // If-Range carries what the .part was made from, never what the server has now: a changed
      // file then comes back whole (200) instead of being spliced onto the old bytes. (A .part
      // without a record is continued unconditionally, as curl -C - does.)
      if (state.offset > 0) state.validator = await storedValidator(state.partPath);
      if (state.offset === 0 && claim.exists) {
        // A file under the final name: ask for what would follow it; 416 means it is complete.
        state.offset = await partSize(state.finalPath);
        state.confirming = state.offset > 0;
      }
      if (state.offset > 0) {
        // A .part from an earlier run: drop this full body and ask for the rest instead.
        discard(body);
        return attempt(state, context, record, signal, received);
      }
    }
  }
  let total: number | undefined;
  const append = status === 206;
  if (append) {
    const range = contentRange(header(h, 'content-range'));
    if (range === undefined || range[0] !== state.offset) {
      discard(body);
      state.acceptsRanges = false;
      throw new RangeRestartError(`the server answered a different range (${header(h, 'content-range')})`);
    }
    total = range[1];
  } else {
    // A 200 to a ranged request means the server ignored Range (or If-Range failed): start over.
    const length = header(h, 'content-length');
    total = length === undefined ? undefined : Number(length);
  }
  context.progress.named(state.id, state.name, total, append ? state.offset : 0);
  // A .part this run has not made yet is created exclusively: nothing else may sit at its name.
  const mode: OpenMode = append ? 'append' : state.partCreated || context.resume ? 'truncate' : 'create';
  state.partCreated = true;
  let keeping: Promise<void> | undefined;
  let unrecorded = false;
  if (!append) {
    // A fresh body: its validator is the one a later resume must present.
    const etag = header(h, 'etag');
    state.validator = etag !== undefined && !etag.startsWith('W/') ? etag : header(h, 'last-modified');
  }
  // One fsync after the last byte (inside writeBody): the rename publishes durable bytes.
  const speed = context.lowSpeed && watchSpeed(context.lowSpeed, (error) => body.destroy(error));
  try {
    const written = await writeBody(body, state.partPath, mode, {
      onBytes: (n) => {
        state.moved += n;
        speed?.add(n);
        context.progress.advance(state.id, n);
      },
      onReceived: () => {
        speed?.stop();
        received?.();
      },
      onOpen: (whole) => {
        if (append) return;
        // The validator goes beside a .part whose body is still arriving, alongside the writing
        // (no await before writeBody has its listeners). A new .part whose body had wholly
        // arrived before its file opened is written, fsynced and renamed at once, and gets a
        // record only if that fails (below): four file operations fewer per small file.
        if (whole && mode === 'create') unrecorded = true;
        else keeping = keepValidator(state.partPath, state.validator);
      },
    }).finally(() => {
      speed?.stop();
      return keeping;
    });
    state.offset = (append ? state.offset : 0) + written;
    if (total !== undefined && state.offset !== total) {
      throw new SizeMismatchError(`expected ${total} bytes, got ${state.offset}`);
    }
    await finish(state, !unrecorded);
  } catch (error) {
    // A .part this attempt created without a record gets one if it is left behind.
    if (unrecorded) await recordLeftPart(state);
    throw error;
  }
}

/** Records the validator beside a `.part` that an attempt leaves behind (if it left one). */
async function recordLeftPart(state: DownloadState): Promise<void> {
  if ((await partSize(state.partPath)) > 0) await keepValidator(state.partPath, state.validator);
}

/**
 * Verifies the checksum, then moves `.part` to the final name and removes its validator record
 * (unless `recorded` is false: this attempt created the `.part` and wrote no record for it).
 */
async function finish(state: DownloadState, recorded = true): Promise<void> {
  if (state.checksum !== undefined) {
    const actual = await digestFile(state.partPath, state.checksum.algorithm);
    if (actual !== state.checksum.hex) {
      await unlink(state.partPath);
      await forgetValidator(state.partPath);
      state.offset = 0;
      throw new ChecksumError(
        `${state.checksum.algorithm} mismatch: expected ${state.checksum.hex}, got ${actual}`,
      );
    }
  }
  await rename(state.partPath, state.finalPath);
  if (recorded) await forgetValidator(state.partPath);
}
