/** Known prime counts, to check an answer: π(10^k) for k = 1…10, and π(2·10^8) (`npm start`). */
const KNOWN = new Map<number, number>([
  [1e1, 4],
  [1e2, 25],
  [1e3, 168],
  [1e4, 1229],
  [1e5, 9592],
  [1e6, 78498],
  [1e7, 664579],
  [1e8, 5761455],
  [2e8, 11078937],
  [1e9, 50847534],
  [1e10, 455052511],
]);

/** How an answer compares with the table: matches it, is not in it, or contradicts it. */
export type Verdict =
  | { status: 'verified'; expected: number }
  | { status: 'unverified' }
  | { status: 'wrong'; expected: number };

/**
 * Checks a computed π(n) against the known counts.
 *
 * @example
 * ```ts
 * verify(1e9, 50847534); // { status: 'verified', expected: 50847534 }
 * verify(12345, 1474);   // { status: 'unverified' }
 * ```
 */
export function verify(n: number, count: number): Verdict {
  const expected = KNOWN.get(n);
  if (expected === undefined) return { status: 'unverified' };
  return expected === count ? { status: 'verified', expected } : { status: 'wrong', expected };
}
