/**
 * Name claims within one output directory: two downloads never get the same final name, and by
 * default an existing file is never overwritten — `name.ext` becomes `name (1).ext`,
 * `name (2).ext`, … ({@link ExistingPolicy} has the other choices). The `.part` sibling of a claimed name belongs to that download, so it is
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

/**
 * What to do when a final name already exists in the directory: take the next numbered name
 * (`number`, the default), leave the file alone (`skip`, wget's `-nc`), replace it once the new
 * bytes are complete (`overwrite`), or — with `--resume` — continue or confirm it (`resume`).
 */
export type ExistingPolicy = 'number' | 'skip' | 'overwrite' | 'resume';

/** A claimed name, and whether a file of that name was already in the directory. */
export interface Claim {
  name: string;
  exists: boolean;
}

/** The names taken so far in one directory. */
export class NameClaims {
  readonly #dir: string;
  readonly #policy: ExistingPolicy;
  readonly #taken = new Set<string>();

  /**
   * @param dir the output directory
   * @param policy what an existing final name means ({@link ExistingPolicy}); a `.part` already
   *   on disk always makes a name taken, except a regular one under `resume`
   */
  constructor(dir: string, policy: ExistingPolicy) {
    this.#dir = dir;
    this.#policy = policy;
  }

  /**
   * Claims `name` or the first free numbered variant of it.
   *
   * @example
   * new NameClaims('out', 'number').claim('a.bin'); // { name: 'a (1).bin', exists: false } if out/a.bin exists
   */
  claim(name: string): Claim {
    for (let n = 0; ; n++) {
      const candidate = n === 0 ? name : numbered(name, n);
      const key = candidate.toLowerCase();
      if (this.#taken.has(key)) continue;
      const final = entry(join(this.#dir, candidate)) !== undefined;
      if (final && this.#policy === 'number') continue;
      const part = entry(join(this.#dir, `${candidate}.part`));
      if (part !== undefined && !(this.#policy === 'resume' && part.isFile())) continue;
      this.#taken.add(key);
      return { name: candidate, exists: final };
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
