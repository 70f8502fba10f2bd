/**
 * Behaviours of the test servers: files with optional Range support, injected latency, slow
 * bodies, dropped connections mid-body, status bursts with Retry-After, and redirects.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Handler } from './http.ts';

/** Options of {@link file}. */
export interface FileOptions {
  /** Wait this long before answering. */
  latencyMs?: number;
  /**
   * Answer `Range: bytes=N-` with 206 (default true); false neither advertises nor honours Range;
   * 'ignore' advertises `Accept-Ranges: bytes` yet always answers 200 with the whole body.
   */
  ranges?: boolean | 'ignore';
  /** A Content-Disposition header to send. */
  disposition?: string;
  /** Send the body in this many pieces with `pieceDelayMs` between them. */
  pieces?: number;
  pieceDelayMs?: number;
  /** For the first `dropTimes` requests, destroy the socket after half of the bytes. */
  dropTimes?: number;
  /** For the first `stallTimes` requests, go silent for `stallMs` after half of the bytes. */
  stallTimes?: number;
  stallMs?: number;
}

/** The hex sha256 of `data`. */
export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `size` bytes of deterministic, non-repeating-looking content. */
export function content(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

async function writePieces(res: ServerResponse, data: Buffer, pieces: number, pieceDelayMs: number) {
  const size = Math.ceil(data.length / pieces);
  for (let at = 0; at < data.length; at += size) {
    if (res.destroyed) return;
    res.write(data.subarray(at, at + size));
    if (pieceDelayMs > 0) await delay(pieceDelayMs);
  }
  res.end();
}

/** Serves `data` as a file (ETag, Accept-Ranges, Content-Length, optional Range). */
export function file(data: Buffer, options: FileOptions = {}): Handler {
  const etag = `"${sha256(data).slice(0, 16)}"`;
  return async (req, res, hit) => {
    if (options.latencyMs) await delay(options.latencyMs);
    const ranges = options.ranges ?? true;
    const headers: Record<string, string> = { etag, 'content-type': 'application/octet-stream' };
    if (ranges !== false) headers['accept-ranges'] = 'bytes';
    if (options.disposition !== undefined) headers['content-disposition'] = options.disposition;
    let body = data;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    if (ranges === true && range !== null && (ifRange === undefined || ifRange === etag)) {
      const start = Number(range[1]);
      if (start >= data.length) {
        res.writeHead(416, { 'content-range': `bytes */${data.length}` }).end();
        return;
      }
      body = data.subarray(start);
      headers['content-range'] = `bytes ${start}-${data.length - 1}/${data.length}`;
      res.writeHead(206, { ...headers, 'content-length': String(body.length) });
    } else {
      res.writeHead(200, { ...headers, 'content-length': String(body.length) });
    }
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (options.dropTimes !== undefined && hit <= options.dropTimes) {
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    if (options.stallTimes !== undefined && hit <= options.stallTimes) {
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      await delay(options.stallMs ?? 5_000);
      res.destroy();
      return;
    }
    await writePieces(res, body, options.pieces ?? 1, options.pieceDelayMs ?? 0);
  };
}

/** Answers `status` (with optional Retry-After) to the first `times` requests, then `then`. */
export function failFirst(times: number, status: number, then: Handler, retryAfter?: () => string): Handler {
  return (req, res, hit) => {
    if (hit > times) return then(req, res, hit);
    const headers: Record<string, string> = {};
    if (retryAfter !== undefined) headers['retry-after'] = retryAfter();
    res.writeHead(status, headers).end(`failure ${hit}`);
  };
}

/** Redirects to `location` with `status`. */
export function redirect(location: string, status = 302): Handler {
  return (_req, res) => {
    res.writeHead(status, { location }).end();
  };
}

/** Answers `status` with an empty body (after `latencyMs`). */
export function status(code: number, latencyMs = 0): Handler {
  return async (_req, res) => {
    if (latencyMs > 0) await delay(latencyMs);
    res.writeHead(code).end();
  };
}
