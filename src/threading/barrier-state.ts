/**
 * A Barrier's whole state in one Int32 word, so that every transition is a single
 * compare-and-swap: the threads inside `wait` (low 16 bits) and the phase (above). Python's
 * Barrier has the same states (filling, draining, resetting, broken), kept under a lock; here
 * TRIPPING is explicit too — the last party is running the action.
 *
 *   FILLING   parties arrive; count = arrivals so far
 *   TRIPPING  the last arrived: it runs the action, then moves to DRAINING (or BROKEN if it throws)
 *   DRAINING  the barrier passed; each party leaves (count--); the last one out moves to FILLING
 *   RESETTING reset() while parties were inside: they leave with BrokenBarrierError; last out → FILLING
 *   BROKEN    abort(), a waiter's timeout, or a failed action; stays so until reset()
 *
 * New arrivals wait while the barrier is TRIPPING, DRAINING or RESETTING, so a fast party that
 * comes around again can never be counted in the generation it just left.
 *
 * After the two header words, one word per arrival index holds the thread ident of the party
 * inside `wait` with that index (0 when none). A party whose thread died there (terminated inside
 * `waitSync`) is found by the others — each slice of their wait, and by the last arrival before
 * it trips — and leaves on its behalf: a filling or tripping barrier breaks, so it never trips
 * with a dead party counted in, and a draining or resetting one still opens for the next round.
 */
import { isThreadDead, selfIdent } from '../runtime/thread-table.ts';
import { wakeAll } from './block.ts';

export const FILLING = 0;
export const TRIPPING = 1;
export const DRAINING = 2;
export const RESETTING = 3;
export const BROKEN = 4;

/** Index of the state word; index of the parties word. */
export const STATE = 0;
export const PARTIES = 1;
const HEADER = 2;

/** Words a barrier of `parties` parties needs. */
export function barrierWords(parties: number): number {
  return HEADER + parties;
}

const COUNT_MASK = 0xffff;
const PHASE_SHIFT = 16;
/** Most parties a Barrier may have (the count field's size). */
export const MAX_PARTIES = COUNT_MASK;

export function count(state: number): number {
  return state & COUNT_MASK;
}

export function phase(state: number): number {
  return state >>> PHASE_SHIFT;
}

export function pack(inside: number, phaseValue: number): number {
  return (phaseValue << PHASE_SHIFT) | inside;
}

/**
 * Moves the phase from `from` (any phase if undefined) to `to`, keeping the count; wakes every
 * sleeper. Returns false when the phase was not `from`.
 */
export function movePhase(words: Int32Array, from: number | undefined, to: number): boolean {
  for (;;) {
    const state = Atomics.load(words, STATE);
    if (from !== undefined && phase(state) !== from) return false;
    if (Atomics.compareExchange(words, STATE, state, pack(count(state), to)) === state) {
      wakeAll(words, STATE);
      return true;
    }
  }
}

/**
 * A party leaves `wait` (whatever the outcome): count--, and the last one out of a passed or
 * reset barrier opens it for the next generation.
 */
export function leave(words: Int32Array): void {
  for (;;) {
    const state = Atomics.load(words, STATE);
    const inside = count(state) - 1;
    let next = phase(state);
    if (inside === 0 && (next === DRAINING || next === RESETTING)) next = FILLING;
    if (Atomics.compareExchange(words, STATE, state, pack(inside, next)) === state) {
      if (next !== phase(state)) wakeAll(words, STATE);
      return;
    }
  }
}

/** Python's reset(): breaks the current waiters (if any) and makes the barrier usable again. */
export function reset(words: Int32Array): void {
  for (;;) {
    const state = Atomics.load(words, STATE);
    const inside = count(state);
    const now = phase(state);
    // Parties still inside leave through RESETTING (a DRAINING barrier already passed: let it drain).
    const next = inside === 0 ? FILLING : now === DRAINING ? DRAINING : RESETTING;
    if (Atomics.compareExchange(words, STATE, state, pack(inside, next)) === state) {
      wakeAll(words, STATE);
      return;
    }
  }
}

/** The party with arrival `index` is this thread (it just counted itself in). */
export function claimSlot(words: Int32Array, index: number): void {
  Atomics.store(words, HEADER + index, selfIdent);
}

/** The party with arrival `index` leaves `wait`, whatever the outcome. */
export function leaveSlot(words: Int32Array, index: number): void {
  Atomics.store(words, HEADER + index, 0);
  leave(words);
}

/**
 * Leaves for every party whose thread died inside `wait`, breaking a barrier that was filling
 * or tripping. True when it found one.
 */
export function reapDeadParties(words: Int32Array): boolean {
  let found = false;
  for (let at = HEADER; at < words.length; at++) {
    const ident = Atomics.load(words, at);
    if (ident === 0 || !isThreadDead(ident) || Atomics.compareExchange(words, at, ident, 0) !== ident) {
      continue;
    }
    found = true;
    if (!movePhase(words, FILLING, BROKEN)) movePhase(words, TRIPPING, BROKEN);
    leave(words);
  }
  return found;
}
