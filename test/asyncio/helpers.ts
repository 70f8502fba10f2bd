/** Small helpers shared by the asyncio tests. */

import { flush } from '../futures/helpers.ts';

export { flush, isSettled } from '../futures/helpers.ts';

/** A regression that never settles fails the suite instead of hanging it (not a timing assertion). */
export const safetyNet = { timeout: 20_000 };

/** A seeded PRNG (mulberry32): the same seed gives the same run, so a failure can be replayed. */
export function prng(seed: number): { next(): number; int(n: number): number; pick<T>(xs: readonly T[]): T } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)]! };
}

/** Resolves after a random short pause drawn from `rand`: a microtask, a macrotask or 0-2 ms. */
export function randomPause(rand: ReturnType<typeof prng>): Promise<void> {
  switch (rand.int(4)) {
    case 0:
      return Promise.resolve();
    case 1:
      return flush();
    default:
      return new Promise((resolve) => setTimeout(resolve, rand.int(3)));
  }
}

/**
 * Options for one waiter in a storm: none, a short timeout, or a signal aborted after a random
 * pause (possibly in the same turn as a release).
 */
export function randomWaitOptions(rand: ReturnType<typeof prng>): { timeout?: number; signal?: AbortSignal } {
  switch (rand.int(4)) {
    case 0:
      return {};
    case 1:
      return { timeout: rand.int(4) };
    default: {
      const controller = new AbortController();
      void randomPause(rand).then(() => controller.abort());
      return { signal: controller.signal };
    }
  }
}

/** Promise.withResolvers, which Node 20 lacks. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
