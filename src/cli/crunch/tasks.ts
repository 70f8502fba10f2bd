/**
 * The tasks of `spindle crunch`, named with defineTask so that any backend's workers can import
 * them: one piece of the prime sieve, and one factorial.
 */
import { createHash } from 'node:crypto';
import { defineTask } from '../../futures/index.ts';
import { survivors } from './sieve.ts';

/**
 * The module a `spindle worker --tasks` must load to serve these tasks: this file, or in the
 * bundled dist/ the chunk its code landed in (where the tasks register).
 *
 * @example
 * ```ts
 * console.log(`spindle worker --tasks ${fileURLToPath(TASKS_MODULE)}`);
 * ```
 */
export const TASKS_MODULE: string = import.meta.url;

/**
 * Sieves bytes [from, to) of the mod-30 wheel up to `n` with the base primes the parent computed
 * once (see sieve.ts) and counts the survivors.
 *
 * @example
 * ```ts
 * await pool.submit(sievePiece, 0, sieveBytes(1e6), basePrimes(1e6), 1e6);
 * ```
 */
export const sievePiece = defineTask(
  import.meta.url,
  function sievePiece(from: number, to: number, primes: Uint32Array, n: number): number {
    return survivors(from, to, primes, n);
  },
);

/**
 * {@link sievePiece} for a child process: also returns the CPU time it used (µs), since a
 * parent's `process.cpuUsage()` does not count its children. (A child runs one piece at a time,
 * so its process-wide CPU time is the piece's.)
 *
 * @example
 * ```ts
 * const [count, cpuMicros] = await processPool.submit(sievePieceWithCpu, 0, bytes, primes, n);
 * ```
 */
export const sievePieceWithCpu = defineTask(
  import.meta.url,
  function sievePieceWithCpu(from: number, to: number, primes: Uint32Array, n: number): [number, number] {
    const before = process.cpuUsage();
    const count = survivors(from, to, primes, n);
    const { user, system } = process.cpuUsage(before);
    return [count, user + system];
  },
);

/** A task that does nothing: one per worker starts a pool before the timed run. */
export const warmUp = defineTask(import.meta.url, function warmUp(): number {
  return 0;
});

/** n! in full, or its size and fingerprint when `summary` is set (a huge value stays in the worker). */
export type FactorialOutcome =
  | { n: number; value: bigint }
  | { n: number; digits: number; leading: string; sha256: string };

/**
 * n! by binary splitting (a balanced product tree, so the big multiplications are few and even).
 *
 * @example
 * ```ts
 * await pool.submit(factorial, 20, false); // { n: 20, value: 2432902008176640000n }
 * ```
 */
export const factorial = defineTask(
  import.meta.url,
  function factorial(n: number, summary: boolean): FactorialOutcome {
    const value = n < 2 ? 1n : product(2, n);
    if (!summary) return { n, value };
    const text = value.toString();
    const sha256 = createHash('sha256').update(text).digest('hex').slice(0, 16);
    return { n, digits: text.length, leading: text.slice(0, 12), sha256 };
  },
);

/** lo · (lo + 1) · … · hi. */
function product(lo: number, hi: number): bigint {
  if (hi - lo < 16) {
    let p = BigInt(lo);
    for (let i = lo + 1; i <= hi; i++) p *= BigInt(i);
    return p;
  }
  const mid = Math.floor((lo + hi) / 2);
  return product(lo, mid) * product(mid + 1, hi);
}
