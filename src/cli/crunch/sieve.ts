/**
 * The sieve of `spindle crunch primes`: a segmented sieve of Eratosthenes on the mod-30 wheel.
 * Each byte holds the 8 numbers of a block of 30 that are prime to 2, 3 and 5 (30b + 1, 7, 11,
 * 13, 17, 19, 23, 29), one bit each. Every segment starts as a copy of a pre-sieved pattern (the
 * multiples of 7, 11, 13, 17 and 19 already crossed off); then each base prime p from 23 up to √N
 * crosses off its multiples p·q as 8 progressions, one per residue of q mod 30, each stepping p
 * bytes with a fixed bit. Survivors are counted a 32-bit word at a time. Segments are 64 KiB so
 * that crossing off stays in the L1/L2 caches (faster here than 32 KiB or 256 KiB).
 */

/** Bytes per segment: 64 KiB of sieve, 1,966,080 numbers. A multiple of 4 (counting is by words). */
export const SEGMENT_BYTES = 64 * 1024;

/** The residues mod 30 of the numbers a byte holds; bit i of byte b is 30b + RESIDUES[i]. */
const RESIDUES = [1, 7, 11, 13, 17, 19, 23, 29] as const;
/** The bit of each residue mod 30 (-1 for residues sharing a factor with 30). */
const BIT_OF = Array.from({ length: 30 }, (_, r) => RESIDUES.indexOf(r as (typeof RESIDUES)[number]));
/** Primes the wheel leaves out, and primes the pattern crosses off (themselves included). */
const WHEEL = [2, 3, 5] as const;
const PRESIEVED = [7, 11, 13, 17, 19] as const;
/** The pattern's period in bytes: 7·11·13·17·19 = 323,323. */
const PERIOD = PRESIEVED.reduce((a, b) => a * b, 1);

let pattern: Uint8Array | undefined;

/** The bytes of one period with every multiple of the pre-sieved primes crossed off. */
function presievedPattern(): Uint8Array {
  if (pattern !== undefined) return pattern;
  pattern = new Uint8Array(PERIOD);
  for (const p of PRESIEVED) {
    for (const r of RESIDUES) {
      const m = p * r; // p·q for q ≡ r (mod 30) steps p bytes with the same bit
      const mask = 1 << BIT_OF[m % 30]!;
      for (let b = Math.floor(m / 30); b < PERIOD; b += p) pattern[b]! |= mask;
    }
  }
  return pattern;
}

/**
 * The base primes for a sieve up to `n`: the primes from 23 up to √n (smaller ones are on the
 * wheel or in the pattern), by a plain sieve. Computed once and handed to every worker.
 *
 * @example
 * ```ts
 * basePrimes(1000); // Uint32Array [23, 29, 31]
 * ```
 */
export function basePrimes(n: number): Uint32Array {
  const limit = Math.floor(Math.sqrt(n));
  const composite = new Uint8Array(limit + 1);
  const found: number[] = [];
  for (let p = 3; p <= limit; p += 2) {
    if (composite[p] === 1) continue;
    if (p > PRESIEVED[PRESIEVED.length - 1]!) found.push(p);
    for (let m = p * p; m <= limit; m += 2 * p) composite[m] = 1;
  }
  return Uint32Array.from(found);
}

/** How many bytes a sieve up to `n` spans (byte b covers 30b … 30b + 29). */
export function sieveBytes(n: number): number {
  return Math.floor(n / 30) + 1;
}

/**
 * Counts the numbers in bytes [from, to) that survive the sieve and are ≤ `n`: numbers prime to
 * 30 with no prime factor below 23 or in `primes` — except that a base prime survives itself and
 * so does the number 1. {@link primeCount} turns the survivors of the whole range into π(n).
 *
 * @example
 * ```ts
 * survivors(0, sieveBytes(100), basePrimes(100), 100); // 18: the primes 23…97, plus 1
 * ```
 */
export function survivors(from: number, to: number, primes: Uint32Array, n: number): number {
  const bytes = new Uint8Array(SEGMENT_BYTES);
  const words = new Int32Array(bytes.buffer);
  const { next, masks } = firstMultiples(from, primes);
  const lastByte = Math.floor(n / 30);
  let count = 0;
  for (let start = from; start < to; start += SEGMENT_BYTES) {
    const size = Math.min(SEGMENT_BYTES, to - start);
    copyPattern(bytes, size, start);
    for (let k = 0; k < primes.length; k++) {
      const p = primes[k]!;
      for (let slot = 8 * k; slot < 8 * k + 8; slot++) {
        const ahead = next[slot]! - start;
        if (ahead >= size) continue; // a large prime that skips this segment in this residue
        const mask = masks[slot]!;
        let b = ahead | 0;
        for (; b < size; b += p) bytes[b]! |= mask;
        next[slot] = start + b;
      }
    }
    if (lastByte < start + size) bytes[lastByte - start]! |= aboveMask(n % 30);
    bytes.fill(0xff, size, (size + 3) & ~3); // the bytes that pad the last word are not counted
    const used = (size + 3) >>> 2;
    count += used * 32 - popcount(words, used);
  }
  return count;
}

/** The bits of a byte whose numbers have a residue above `r` (they lie past n). */
function aboveMask(r: number): number {
  let mask = 0;
  for (let i = 0; i < 8; i++) if (RESIDUES[i]! > r) mask |= 1 << i;
  return mask;
}

/**
 * For each prime p and residue r of the multiplier q, the byte of the first multiple p·q with
 * q ≥ p, q ≡ r (mod 30) and p·q in byte `from` or later, and the bit all of them share.
 */
function firstMultiples(from: number, primes: Uint32Array): { next: Float64Array; masks: Uint8Array } {
  const next = new Float64Array(primes.length * 8);
  const masks = new Uint8Array(primes.length * 8);
  const low = 30 * from;
  for (let k = 0; k < primes.length; k++) {
    const p = primes[k]!;
    const qMin = Math.max(p, Math.ceil(low / p));
    for (let i = 0; i < 8; i++) {
      const q = qMin + ((((RESIDUES[i]! - qMin) % 30) + 30) % 30);
      const m = p * q;
      next[8 * k + i] = Math.floor(m / 30);
      masks[8 * k + i] = 1 << BIT_OF[m % 30]!;
    }
  }
  return { next, masks };
}

/** Fills the first `size` bytes with the pattern as it stands at byte `start`. */
function copyPattern(bytes: Uint8Array, size: number, start: number): void {
  const source = presievedPattern();
  let offset = start % PERIOD;
  let filled = 0;
  while (filled < size) {
    const take = Math.min(size - filled, PERIOD - offset);
    bytes.set(source.subarray(offset, offset + take), filled);
    filled += take;
    offset = 0;
  }
}

/** Set bits in the first `used` words (SWAR popcount, 32 bits at a time). */
function popcount(words: Int32Array, used: number): number {
  let total = 0;
  for (let w = 0; w < used; w++) {
    let v = words[w]!;
    v -= (v >>> 1) & 0x55555555;
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    total += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return total;
}

/**
 * π(n) from the survivors of bytes [0, sieveBytes(n)): drop the number 1, add the wheel's primes
 * and the pre-sieved primes that are ≤ n.
 *
 * @example
 * ```ts
 * primeCount(100, survivors(0, sieveBytes(100), basePrimes(100), 100)); // 25
 * ```
 */
export function primeCount(n: number, survivorCount: number): number {
  if (n < 2) return 0;
  const small = [...WHEEL, ...PRESIEVED].filter((p) => p <= n).length;
  return survivorCount - 1 + small;
}
