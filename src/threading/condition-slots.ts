/**
 * The waiter table of a Condition, in shared memory: a fixed number of slots, each a state word
 * (FREE, WAITING, NOTIFIED — the word its waiter sleeps on), a ticket giving the FIFO order and
 * the waiter's thread ident. A slot whose thread died (terminated inside `waitSync`) is freed by
 * the next notify instead of taking the notify meant for a live waiter; a waiter that dies after
 * it was notified counts as having received it, like a thread that returned from wait and died.
 *
 * Invariant: the table is only changed by a thread holding the condition's lock. A waiter
 * registers before it releases the lock and unregisters after it took the lock back, so a
 * notify either sees it WAITING (and marks it NOTIFIED, which the waiter will find) or does not
 * see it at all; a notify is never spent on a waiter that already left, nor counted twice.
 */
import { SpindleError } from '../errors.ts';
import { isThreadDead, selfIdent } from '../runtime/thread-table.ts';

export const FREE = 0;
export const WAITING = 1;
export const NOTIFIED = 2;

/** Header words: the next ticket; how many slots are not FREE. */
const NEXT_TICKET = 0;
const IN_USE = 1;
const HEADER = 2;

/** Default number of slots: threads (or async waits) that may wait on one Condition at once. */
export const DEFAULT_MAX_WAITERS = 256;

/** Words needed for a table of `slots` slots. */
export function tableWords(slots: number): number {
  return HEADER + slots * SLOT_WORDS;
}

/** Words per slot: state, ticket, waiter's thread ident. */
const SLOT_WORDS = 3;

/** Index of slot `slot`'s state word (the word its waiter sleeps on). */
export function stateIndex(slot: number): number {
  return HEADER + slot * SLOT_WORDS;
}

function ticketIndex(slot: number): number {
  return stateIndex(slot) + 1;
}

function waiterIndex(slot: number): number {
  return stateIndex(slot) + 2;
}

function slotCount(words: Int32Array): number {
  return (words.length - HEADER) / SLOT_WORDS;
}

/** Lock held: takes a FREE slot for a new waiter, marked WAITING with the next ticket. */
export function register(words: Int32Array): number {
  const slots = slotCount(words);
  for (let slot = 0; slot < slots; slot++) {
    if (Atomics.load(words, stateIndex(slot)) !== FREE) continue;
    Atomics.store(words, ticketIndex(slot), Atomics.add(words, NEXT_TICKET, 1));
    Atomics.store(words, waiterIndex(slot), selfIdent);
    Atomics.store(words, stateIndex(slot), WAITING);
    Atomics.add(words, IN_USE, 1);
    return slot;
  }
  throw new SpindleError(
    'ERR_CONDITION_FULL',
    `all ${slots} waiter slots of this Condition are taken; pass a larger maxWaiters to new Condition()`,
  );
}

/** Lock held: frees `slot` and says whether it had been notified. */
export function unregister(words: Int32Array, slot: number): boolean {
  const notified = Atomics.exchange(words, stateIndex(slot), FREE) === NOTIFIED;
  Atomics.sub(words, IN_USE, 1);
  return notified;
}

/**
 * Lock held: marks the `n` WAITING slots with the lowest tickets NOTIFIED and wakes each, and
 * frees the slots of waiters whose thread died. Returns how many were notified.
 */
export function notifyOldest(words: Int32Array, n: number): number {
  if (n <= 0 || Atomics.load(words, IN_USE) === 0) return 0;
  const slots = slotCount(words);
  const chosen: number[] = [];
  const tickets: number[] = [];
  for (let slot = 0; slot < slots; slot++) {
    const state = Atomics.load(words, stateIndex(slot));
    if (state === FREE) continue;
    if (isThreadDead(Atomics.load(words, waiterIndex(slot)))) {
      unregister(words, slot); // its waiter will never come back to free it
      continue;
    }
    if (state !== WAITING) continue;
    const ticket = Atomics.load(words, ticketIndex(slot));
    // Keep the n oldest, ordered: tickets compare by signed difference, so wrapping is harmless.
    let at = chosen.length;
    while (at > 0 && ((ticket - tickets[at - 1]!) | 0) < 0) at--;
    if (at >= n) continue;
    chosen.splice(at, 0, slot);
    tickets.splice(at, 0, ticket);
    if (chosen.length > n) {
      chosen.pop();
      tickets.pop();
    }
  }
  for (const slot of chosen) {
    Atomics.store(words, stateIndex(slot), NOTIFIED);
    Atomics.notify(words, stateIndex(slot));
  }
  return chosen.length;
}
