/** Tasks used by the examples: each is a named function a worker can import. */
import { setTimeout as sleep } from 'node:timers/promises';
import { defineTask } from 'spindle';

/** Chapter 13: `def square(x): return x*x`. */
export const square = defineTask(import.meta.url, function square(x: number): number {
  return x * x;
});

/** Week 4: `is_prime(n)` by trial division. */
export const isPrime = defineTask(import.meta.url, function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let i = 2; i * i <= n; i++) if (n % i === 0) return false;
  return true;
});

/** Week 4: a simulated download that waits half a second (the I/O-bound case). */
export const download = defineTask(import.meta.url, async function download(url: string): Promise<string> {
  await sleep(500);
  return `result:${url}`;
});

/**
 * Counts the primes p with lo <= p < hi: a segmented sieve of the odd numbers, walked in
 * 32 KiB windows that stay in the L1 cache. A real CPU-bound job that splits into independent pieces.
 */
export const countPrimesBetween = defineTask(
  import.meta.url,
  function countPrimesBetween(lo: number, hi: number) {
    let count = lo <= 2 && hi > 2 ? 1 : 0;
    let first = Math.max(lo, 3);
    if (first % 2 === 0) first++;
    if (first >= hi) return count;
    // odd primes up to sqrt(hi), by a plain sieve
    const limit = Math.floor(Math.sqrt(hi - 1));
    const small = new Uint8Array(limit + 1);
    const primes: number[] = [];
    for (let p = 3; p <= limit; p += 2) {
      if (small[p]) continue;
      primes.push(p);
      for (let m = p * p; m <= limit; m += 2 * p) small[m] = 1;
    }
    const window = 32 * 1024; // odd numbers per window; slot i stands for base + 2i
    const composite = new Uint8Array(window);
    for (let base = first; base < hi; base += 2 * window) {
      const end = Math.min(hi, base + 2 * window);
      const slots = Math.ceil((end - base) / 2);
      composite.fill(0, 0, slots);
      for (const p of primes) {
        if (p * p >= end) break;
        let m = Math.max(p * p, Math.ceil(base / p) * p);
        if (m % 2 === 0) m += p;
        for (let i = (m - base) >> 1; i < slots; i += p) composite[i] = 1;
      }
      for (let i = 0; i < slots; i++) count += 1 - composite[i]!;
    }
    return count;
  },
);

/** Chapter 13 §2: the worker each `Process` runs — announces itself, works half a second, says done. */
export const worker = defineTask(import.meta.url, async function worker(n: number): Promise<void> {
  console.log(`Process ${n} starting`);
  await sleep(500); // simulate work
  console.log(`Process ${n} done`);
});

/** Chapter 13, exercise 2: n! exactly, as a BigInt. */
export const factorial = defineTask(import.meta.url, function factorial(n: number): bigint {
  let product = 1n;
  for (let i = 2n; i <= BigInt(n); i++) product *= i;
  return product;
});
