/**
 * What survives between the attempts at one URL: the claimed name, how many bytes its `.part`
 * holds, and whether the server can continue a partial body (Accept-Ranges, a strong validator).
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Checksum } from './checksum.ts';

/** One URL's download across its attempts. */
export class DownloadState {
  /** The final file name, claimed when the first successful response arrived. */
  name: string | undefined;
  /** Bytes in the `.part` file. */
  offset = 0;
  /** Whether the server said `Accept-Ranges: bytes`. */
  acceptsRanges = false;
  /** A strong ETag or Last-Modified of the body being assembled, sent as If-Range. */
  validator: string | undefined;
  /** Whether this run has created the `.part` (later attempts may then truncate or append it). */
  partCreated = false;
  /** A Range request is asking whether the file already under the final name is complete. */
  confirming = false;
  /** Why nothing was downloaded: the final file was complete, or existed under `--skip-existing`. */
  skipped: 'already complete' | 'exists' | undefined;
  /** Body bytes that arrived in this run, over all attempts. */
  moved = 0;

  constructor(
    readonly id: number,
    readonly url: URL,
    readonly dir: string,
    readonly checksum: Checksum | undefined,
  ) {}

  /** The final path, once named. */
  get finalPath(): string {
    return join(this.dir, this.name!);
  }

  /** The path being written, once named. */
  get partPath(): string {
    return `${this.finalPath}.part`;
  }

  /** Re-reads the `.part` size after a failed attempt: what is on disk is what can be continued. */
  async syncOffset(): Promise<void> {
    if (this.name === undefined) return;
    this.offset = await partSize(this.partPath);
  }
}

/** The size of the regular file at `path`; 0 when there is none (a symlink is not followed). */
export async function partSize(path: string): Promise<number> {
  try {
    const stats = await lstat(path);
    return stats.isFile() ? stats.size : 0;
  } catch {
    return 0;
  }
}
