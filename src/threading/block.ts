/**
 * The one way spindle's shared-memory primitives wait: the futex pattern over an Int32Array
 * word. Read the word, try to take what you want (`attempt`), and if that fails sleep until the
 * word changes from the value read — so a change between the read and the sleep is never missed.
 *
 * A waiter takes nothing while asleep: whatever it waits for (a lock, a permit, an item) is
 * claimed by the waiter itself in `attempt`, atomically, after it wakes. A waiter that times out
 * or is aborted therefore has nothing to give back, and a wakeup is never "spent" on it — which
 * is why releasers may wake every sleeper on the word without losing or double-granting anything.
 *
 * Sleeps last at most SLICE_MS, after which `onSlice` runs (robust locks use it to notice a dead
 * owner); on the main thread a referenced timer keeps the process alive while a wait is pending,
 * which `Atomics.waitAsync` alone does not (nodejs/node#44729).
 */
import { isMainThread } from 'node:worker_threads';
import { SpindleError } from '../errors.ts';
import { abortReason, checkSignal, checkTimeout } from '../futures/wait-options.ts';

const SLICE_MS = 100;

/** What to wait on and how to take it. */
export interface BlockPlan<T> {
  word: Int32Array;
  index: number;
  /** Tries to take the resource; `undefined` means "not yet". May throw to end the wait. */
  attempt(): T | undefined;
  /** Runs after each slice of sleep (to detect a dead owner, say). May throw to end the wait. */
  onSlice?(): void;
  /**
   * Index in `word` of a count of the threads asleep on `index`, raised just before each sleep
   * and lowered on waking, so that a waker that reads 0 may skip `Atomics.notify`. Safe because
   * the waker changes `word[index]` before it reads the count, and a sleeper raises the count
   * before it sleeps on the value it read earlier: one of the two always sees the other.
   */
  sleepers?: number;
  /**
   * How many times to re-read `word[index]` (no attempt, no sleep) before each sleep: a change
   * seen while spinning means another attempt at once, without the cost of a sleep and a wake-up.
   */
  spin?: number;
}

/** Options of every wait: milliseconds and an AbortSignal. */
export interface BlockOptions {
  timeout?: number;
  signal?: AbortSignal;
}

const workerProcessKey = Symbol.for('spindle.worker-process');

/**
 * Called by the entry of a child process that spindle started to run tasks: its main thread is a
 * worker (the parent's main thread carries the application), so `…Sync` waits may block it.
 */
export function markWorkerProcess(): void {
  (globalThis as Record<symbol, unknown>)[workerProcessKey] = true;
}

/**
 * Throws unless the calling thread may block: `…Sync` waits are for worker threads (and the
 * main thread of a spindle worker process) only.
 */
export function assertMayBlock(what: string, asyncForm: string): void {
  if (isMainThread && (globalThis as Record<symbol, unknown>)[workerProcessKey] !== true) {
    throw new SpindleError(
      'ERR_SYNC_ON_MAIN_THREAD',
      `${what} would block the main thread, which carries every worker's messages and output; ` +
        `use ${asyncForm} there (…Sync is for worker threads)`,
    );
  }
}

/** Validates wait options at the call. */
export function checkBlockOptions(options: BlockOptions | undefined): {
  timeout: number | undefined;
  signal: AbortSignal | undefined;
} {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('options must be an object');
  }
  return { timeout: checkTimeout(options?.timeout), signal: checkSignal(options?.signal) };
}

/**
 * Blocks the calling worker until `plan.attempt()` succeeds (its value) or `timeout` ms pass
 * (`undefined`). A signal cannot fire while a thread is blocked, so only its state on entry counts.
 */
export function blockSync<T>(plan: BlockPlan<T>, timeout: number | undefined): T | undefined {
  const deadline = timeout === undefined ? Number.POSITIVE_INFINITY : performance.now() + timeout;
  for (;;) {
    const seen = Atomics.load(plan.word, plan.index);
    const taken = plan.attempt();
    if (taken !== undefined) return taken;
    const left = deadline - performance.now();
    if (left <= 0) return undefined;
    if (plan.spin !== undefined && changedWhileSpinning(plan.word, plan.index, seen, plan.spin)) continue;
    const sleepers = plan.sleepers;
    if (sleepers === undefined) Atomics.wait(plan.word, plan.index, seen, Math.min(left, SLICE_MS));
    else {
      Atomics.add(plan.word, sleepers, 1);
      try {
        Atomics.wait(plan.word, plan.index, seen, Math.min(left, SLICE_MS));
      } finally {
        Atomics.sub(plan.word, sleepers, 1);
      }
    }
    plan.onSlice?.();
  }
}

/** Re-reads `word[index]` up to `spins` times; true as soon as it differs from `seen`. */
function changedWhileSpinning(word: Int32Array, index: number, seen: number, spins: number): boolean {
  for (let i = 0; i < spins; i++) if (Atomics.load(word, index) !== seen) return true;
  return false;
}

/**
 * Waits, without blocking the thread, until `plan.attempt()` succeeds (its value) or `timeout`
 * ms pass (`undefined`); rejects with the signal's reason when it aborts.
 */
export async function blockAsync<T>(
  plan: BlockPlan<T>,
  timeout: number | undefined,
  signal: AbortSignal | undefined,
): Promise<T | undefined> {
  if (signal?.aborted) throw abortReason(signal);
  const first = plan.attempt();
  if (first !== undefined) return first;
  if (timeout === 0) return undefined;
  const deadline = timeout === undefined ? Number.POSITIVE_INFINITY : performance.now() + timeout;
  const keepAlive = setInterval(noop, 1 << 30);
  let onAbort: (() => void) | undefined;
  const aborted =
    signal === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
          onAbort = () => reject(abortReason(signal));
          signal.addEventListener('abort', onAbort, { once: true });
        });
  aborted?.catch(noop);
  try {
    for (;;) {
      const seen = Atomics.load(plan.word, plan.index);
      const taken = plan.attempt();
      if (taken !== undefined) return taken;
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      if (plan.spin !== undefined && changedWhileSpinning(plan.word, plan.index, seen, plan.spin)) continue;
      const sleepers = plan.sleepers;
      if (sleepers !== undefined) Atomics.add(plan.word, sleepers, 1);
      try {
        const sleep = Atomics.waitAsync(plan.word, plan.index, seen, Math.min(left, SLICE_MS));
        if (sleep.async) await (aborted ? Promise.race([sleep.value, aborted]) : sleep.value);
      } finally {
        if (sleepers !== undefined) Atomics.sub(plan.word, sleepers, 1);
      }
      plan.onSlice?.();
    }
  } finally {
    clearInterval(keepAlive);
    if (onAbort) signal!.removeEventListener('abort', onAbort);
  }
}

function noop(): void {}

/** Wakes every thread sleeping on `word[index]`. */
export function wakeAll(word: Int32Array, index: number): void {
  Atomics.notify(word, index);
}
