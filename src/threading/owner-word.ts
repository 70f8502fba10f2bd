/**
 * The word at the heart of Lock and RLock: 0 when free, the holder's thread ident when held,
 * OWNER_DEAD once a waiter has seen that the holder's thread exited while holding it. Next to
 * it, a count of sleepers, so that releasing an uncontended lock never pays for a wakeup.
 */
import { LockOwnerDeadError } from '../errors.ts';
import { isThreadDead, selfIdent } from '../runtime/thread-table.ts';
import { type BlockPlan, wakeAll } from './block.ts';

/** Index of the owner word; index of the sleeper count. */
export const OWNER = 0;
export const SLEEPERS = 1;
/** The owner word's value once the holder died: every acquirer fails until markConsistent(). */
export const OWNER_DEAD = -1;

/** Takes the word for this thread if free; throws if its owner died. True when taken. */
export function tryTake(words: Int32Array): boolean {
  const seen = Atomics.compareExchange(words, OWNER, 0, selfIdent);
  if (seen === 0) return true;
  if (seen === OWNER_DEAD || isThreadDead(seen)) detectDeadOwner(words);
  return false;
}

/**
 * If the holder's thread is gone, marks the word OWNER_DEAD (remembering who died) and wakes
 * every sleeper so that they fail too. Called by sleepers after each slice.
 */
export function detectDeadOwner(words: Int32Array): void {
  const owner = Atomics.load(words, OWNER);
  if (
    owner > 0 &&
    isThreadDead(owner) &&
    Atomics.compareExchange(words, OWNER, owner, OWNER_DEAD) === owner
  ) {
    Atomics.store(words, DEAD_IDENT, owner);
    wakeAll(words, OWNER);
  }
  if (Atomics.load(words, OWNER) === OWNER_DEAD) throw new LockOwnerDeadError(lastDeadOwner(words));
}

/** Where the ident of the thread that died holding the word is kept. */
export const DEAD_IDENT = 2;
/** Words a lock needs: owner, sleepers, dead owner's ident. */
export const OWNER_WORDS = 3;

function lastDeadOwner(words: Int32Array): number {
  return Atomics.load(words, DEAD_IDENT);
}

/** Frees the word and wakes sleepers if there are any. */
export function give(words: Int32Array): void {
  Atomics.store(words, OWNER, 0);
  if (Atomics.load(words, SLEEPERS) > 0) wakeAll(words, OWNER);
}

/** Leaves OWNER_DEAD: the word is free again and sleepers retry. False when it was not dead. */
export function markConsistent(words: Int32Array): boolean {
  if (Atomics.compareExchange(words, OWNER, OWNER_DEAD, 0) !== OWNER_DEAD) return false;
  wakeAll(words, OWNER);
  return true;
}

/** A BlockPlan that takes the word, counting itself as a sleeper while it waits. */
export function takePlan(words: Int32Array): BlockPlan<true> {
  return {
    word: words,
    index: OWNER,
    attempt: () => (tryTake(words) ? true : undefined),
    onSlice: () => detectDeadOwner(words),
  };
}

/** Runs `wait` with this thread counted among the sleepers. */
export function asSleeper<T>(words: Int32Array, wait: () => T): T {
  Atomics.add(words, SLEEPERS, 1);
  try {
    return wait();
  } finally {
    Atomics.sub(words, SLEEPERS, 1);
  }
}

/** Async form of {@link asSleeper}. */
export async function asSleeperAsync<T>(words: Int32Array, wait: () => Promise<T>): Promise<T> {
  Atomics.add(words, SLEEPERS, 1);
  try {
    return await wait();
  } finally {
    Atomics.sub(words, SLEEPERS, 1);
  }
}
