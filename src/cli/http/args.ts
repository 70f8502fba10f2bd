/** Parsers for numeric options shared by the network tools; a bad value throws RangeError, which the parser reports as a usage error (exit 2). */

/** An integer >= 1 (for -j, --per-host). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new RangeError('must be an integer >= 1');
  }
  return n;
}

/** An integer >= 0 (for --retries). */
export function countArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new RangeError('must be an integer >= 0');
  }
  return n;
}

/** A positive number of seconds (for --timeout), returned in milliseconds. */
export function secondsArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new RangeError('must be a number of seconds > 0');
  }
  return Math.round(n * 1000);
}
