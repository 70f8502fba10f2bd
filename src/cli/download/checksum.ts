/**
 * Expected digests: `--checksum ALGO=HEX` (for a single URL) or an `ALGO=HEX` word after a URL in
 * the -i list. Any hash node:crypto knows (sha256, sha512, sha1, md5…) is accepted.
 */
import { createHash, getHashes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { UsageError } from '../exit-codes.ts';

/** An algorithm and the hex digest the file must have. */
export interface Checksum {
  algorithm: string;
  hex: string;
}

/** Parses `ALGO=HEX`; a usage error names `where` when it is malformed or the algorithm unknown. */
export function parseChecksum(text: string, where: string): Checksum {
  const match = /^([\w-]+)=([0-9a-fA-F]+)$/.exec(text.trim());
  if (match === null) throw new UsageError(`${where}: expected ALGO=HEX, got ${JSON.stringify(text)}`);
  const algorithm = match[1]!.toLowerCase();
  if (!getHashes().includes(algorithm)) throw new UsageError(`${where}: unknown hash algorithm ${algorithm}`);
  const hex = match[2]!.toLowerCase();
  const expected = createHash(algorithm).digest('hex').length;
  if (hex.length !== expected) {
    throw new UsageError(`${where}: a ${algorithm} digest has ${expected} hex digits, got ${hex.length}`);
  }
  return { algorithm, hex };
}

/** The hex digest of the file at `path`. */
export async function digestFile(path: string, algorithm: string): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
