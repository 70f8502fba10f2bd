/**
 * The validator (a strong ETag or Last-Modified) of the body a `.part` holds, kept beside it as
 * `NAME.part.validator`, so a later `--resume` sends it as If-Range and the server answers the
 * whole new body (not a range of it) when its copy changed in between. Written and read without
 * following a symlink; losing it only costs a safe restart, so its own failures are ignored.
 */
import { constants, open, readFile, unlink } from 'node:fs/promises';

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** Where the validator of `partPath` is kept. */
export const validatorPath = (partPath: string) => `${partPath}.validator`;

/**
 * Records `validator` for `partPath` (or removes a stale record when there is none).
 *
 * @example
 * await keepValidator('out/a.bin.part', '"3f2a"');
 */
export async function keepValidator(partPath: string, validator: string | undefined): Promise<void> {
  if (validator === undefined) return forgetValidator(partPath);
  try {
    const file = await open(
      validatorPath(partPath),
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NOFOLLOW,
      0o644,
    );
    try {
      await file.writeFile(validator);
    } finally {
      await file.close();
    }
  } catch {
    // Best effort: without it, a resume cannot ask If-Range and starts over instead.
  }
}

/** The validator recorded for `partPath`, or undefined. */
export async function storedValidator(partPath: string): Promise<string | undefined> {
  try {
    const file = await open(validatorPath(partPath), constants.O_RDONLY | NOFOLLOW);
    try {
      const text = (await readFile(file, 'utf8')).trim();
      return text === '' ? undefined : text;
    } finally {
      await file.close();
    }
  } catch {
    return undefined;
  }
}

/** Removes the record of `partPath` (once the file is complete, or its `.part` is gone). */
export async function forgetValidator(partPath: string): Promise<void> {
  await unlink(validatorPath(partPath)).catch(() => {});
}
