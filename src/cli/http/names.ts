/**
 * Name claims within one output directory: two downloads never get the same final name, and
 * (unless resuming) an existing file is never overwritten — `name.ext` becomes `name (1).ext`,
 * `name (2).ext`, … The `.part` sibling of a claimed name belongs to that download.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `name` with ` (n)` before its extension. */
export function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** The names taken so far in one directory. */
export class NameClaims {
  readonly #dir: string;
  readonly #checkDisk: boolean;
  readonly #taken = new Set<string>();

  /**
   * @param dir the output directory
   * @param checkDisk when true, names of files already in `dir` count as taken
   */
  constructor(dir: string, checkDisk: boolean) {
    this.#dir = dir;
    this.#checkDisk = checkDisk;
  }

  /** Claims `name` or the first free numbered variant of it, and returns the claimed name. */
  claim(name: string): string {
    for (let n = 0; ; n++) {
      const candidate = n === 0 ? name : numbered(name, n);
      const key = candidate.toLowerCase();
      if (this.#taken.has(key)) continue;
      if (this.#checkDisk && existsSync(join(this.#dir, candidate))) continue;
      this.#taken.add(key);
      return candidate;
    }
  }
}
