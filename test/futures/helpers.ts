/** Small helpers shared by the futures tests. */
import type { TestContext } from 'node:test';
import { Future } from '../../src/index.ts';

/** Lets pending microtasks, nextTicks and one turn of the event loop run. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A regression that never settles fails the suite instead of hanging it (not a timing assertion). */
export const safetyNet = { timeout: 10_000 };

/** Runs `fn` after `ms`, clearing the timer when the test ends. */
export function later(t: TestContext, ms: number, fn: () => void): void {
  const timer = setTimeout(fn, ms);
  t.after(() => clearTimeout(timer));
}

/** Whether `p` has settled once the queued work has run. */
export async function isSettled(p: PromiseLike<unknown>): Promise<boolean> {
  let settled = false;
  p.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await flush();
  return settled;
}

/** `n` fresh pending futures. */
export function futures(n: number): Future<number>[] {
  return Array.from({ length: n }, () => new Future<number>());
}
