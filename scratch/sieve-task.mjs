import { defineTask } from '../dist/index.js';
export const countPrimesBetween = defineTask(import.meta.url, function countPrimesBetween(lo, hi) {
  let count = lo <= 2 && hi > 2 ? 1 : 0;
  let first = Math.max(lo, 3); if (first % 2 === 0) first++;
  if (first >= hi) return count;
  const limit = Math.floor(Math.sqrt(hi - 1)); const small = new Uint8Array(limit + 1); const primes = [];
  for (let p = 3; p <= limit; p += 2) { if (small[p]) continue; primes.push(p); for (let m = p * p; m <= limit; m += 2 * p) small[m] = 1; }
  const window = 32 * 1024; const composite = new Uint8Array(window);
  for (let base = first; base < hi; base += 2 * window) {
    const end = Math.min(hi, base + 2 * window); const slots = Math.ceil((end - base) / 2);
    composite.fill(0, 0, slots);
    for (const p of primes) { if (p * p >= end) break; let m = Math.max(p * p, Math.ceil(base / p) * p); if (m % 2 === 0) m += p;
      for (let i = (m - base) >> 1; i < slots; i += p) composite[i] = 1; }
    for (let i = 0; i < slots; i++) count += 1 - composite[i];
  }
  return count;
});
