import { checkBlockOptions } from './block.ts';

/** Options of `acquire`: Python's `blocking` and `timeout` (in ms here), plus an AbortSignal. */
export interface AcquireOptions {
  /** `false`: take it only if free right now (Python's `blocking=False`). Default true. */
  blocking?: boolean;
  /** Milliseconds to wait at most; then acquire returns false. Default: forever. */
  timeout?: number;
  /** Aborting it ends the wait with the signal's reason. */
  signal?: AbortSignal;
}

/** Validated acquire options: `timeout` 0 for a non-blocking attempt. */
export function checkAcquireOptions(options: AcquireOptions | undefined): {
  timeout: number | undefined;
  signal: AbortSignal | undefined;
} {
  const checked = checkBlockOptions(options);
  const blocking = options?.blocking ?? true;
  if (typeof blocking !== 'boolean') throw new TypeError('blocking must be a boolean');
  if (!blocking) {
    if (checked.timeout !== undefined) {
      throw new RangeError("can't specify a timeout for a non-blocking acquire");
    }
    return { timeout: 0, signal: checked.signal };
  }
  return checked;
}
