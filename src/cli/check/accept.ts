/** `--accept 200..299,304`: the statuses that count as a working URL. */

/** A predicate over HTTP statuses, with the text it was parsed from. */
export interface Accept {
  (status: number): boolean;
  text: string;
}

/** Parses a comma-separated list of statuses and inclusive ranges `A..B`. */
export function parseAccept(value: string): Accept {
  const ranges: [number, number][] = [];
  for (const part of value.split(',')) {
    const match = /^\s*(\d{3})\s*(?:\.\.\s*(\d{3})\s*)?$/.exec(part);
    if (match === null) throw new RangeError('expected statuses and ranges like 200..299,304');
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    if (low > high) throw new RangeError(`empty range ${low}..${high}`);
    ranges.push([low, high]);
  }
  const accept = ((status: number) =>
    ranges.some(([low, high]) => status >= low && status <= high)) as Accept;
  accept.text = value;
  return accept;
}
