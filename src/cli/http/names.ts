/**
 * Name claims within one output directory: two downloads never get the same final name, and
 * (unless resuming) an existing file is never overwritten — `name.ext` becomes `name (1).ext`,
 * `name (2).ext`, … The `.part` sibling of a claimed name belongs to that download, so it is
 * checked like the final name: a fresh run never takes a name whose `.part` exists, and a resumed
 * one only continues a `.part` that is a regular file (never a symlink to somewhere else).
 */
import { lstatSync, type Stats } from 'node:fs';
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
   * @param checkDisk when true, names of files (or `.part` files) already in `dir` count as
   *   taken; when false (resuming) only a `.part` that is not a regular file does
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
      const part = entry(join(this.#dir, `${candidate}.part`));
      if (
        this.#checkDisk
          ? part !== undefined || entry(join(this.#dir, candidate)) !== undefined
          : part?.isFile() === false
      )
        continue;
      this.#taken.add(key);
      return candidate;
    }
  }
}

/** What is at `path` (a symlink itself, not its target), or undefined when nothing is. */
function entry(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
