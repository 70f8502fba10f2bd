/**
 * Barrier in shared memory: Python's `threading.Barrier`, cyclic, with its whole state in one
 * word (barrier-state.ts) so arrival, trip, timeout, reset and abort are each one atomic step.
 * A waiter that times out or is aborted breaks the barrier only if it still is filling — if the
 * barrier passed first, the waiter passed with it. A party whose thread dies inside `wait`
 * breaks it too (barrier-state.ts finds the dead party), so it never trips short of a party.
 */
import { BrokenBarrierError } from '../errors.ts';
import { checkTimeout } from '../futures/wait-options.ts';
import type { TaskDefinition } from '../tasks/describe.ts';
import { explainClosureError } from '../tasks/resolve.ts';
import { reviveShared } from '../wire/shared-codec.ts';
import { ActionSlot, type BarrierAction, describeAction, encodeActionArgs } from './barrier-action.ts';
import {
  BROKEN,
  barrierWords,
  claimSlot,
  count,
  DRAINING,
  FILLING,
  leaveSlot,
  MAX_PARTIES,
  movePhase,
  PARTIES,
  pack,
  phase,
  RESETTING,
  reapDeadParties,
  reset,
  STATE,
  TRIPPING,
} from './barrier-state.ts';
import { assertMayBlock, type BlockPlan, blockAsync, blockSync, checkBlockOptions } from './block.ts';
import { registerPrimitive, SharedPrimitive, sharedWords } from './shared-primitive.ts';

/** Options of the Barrier constructor. */
export interface BarrierOptions<A extends unknown[] = []> {
  /** Runs once per generation, in the last thread to arrive, before any party is released. */
  action?: BarrierAction<A>;
  /**
   * The action's arguments. They travel with the barrier like a task's arguments: shared
   * primitives and shared memory arrive as themselves (so the action can update them), other
   * values as a copy in each thread.
   */
  actionArgs?: NoInfer<A>;
  /** Default `timeout` of every wait, in milliseconds. */
  timeout?: number;
}

/** Options of `wait`. */
export interface BarrierWaitOptions {
  /** Milliseconds to wait at most; then the barrier breaks (Python semantics). */
  timeout?: number;
  /** Aborting it rejects with the signal's reason, and breaks the barrier if this party had arrived. */
  signal?: AbortSignal;
}

interface BarrierMeta {
  timeout: number | undefined;
  action: TaskDefinition | undefined;
  actionArgs: unknown[];
}

/**
 * `parties` threads call `wait()`; none returns until all have arrived. Each gets its arrival
 * index (0…parties-1); the barrier then resets itself for the next round. A timeout, `abort()`,
 * `reset()` or a failing action breaks the waiting parties with BrokenBarrierError.
 *
 * @example
 * ```ts
 * const barrier = new Barrier(3, { action: () => console.log('all here') });
 * // in each of 3 threads:
 * const index = barrier.waitSync(); // or: await barrier.wait()
 * ```
 *
 * @example The last one in records the round (the action gets `actionArgs`)
 * ```ts
 * export const recordRound = defineTask(import.meta.url, function recordRound(rounds: Int32Array) {
 *   Atomics.add(rounds, 0, 1);
 * });
 * const rounds = new Int32Array(new SharedArrayBuffer(4));
 * const barrier = new Barrier(3, { action: recordRound, actionArgs: [rounds] });
 * ```
 */
export class Barrier<A extends unknown[] = []> extends SharedPrimitive {
  readonly #words: Int32Array;
  readonly #timeout: number | undefined;
  readonly #action: ActionSlot;
  readonly #actionArgs: unknown[];
  readonly #wireArgs: unknown[];

  constructor(parties: number, options: BarrierOptions<A> = {}) {
    let fresh: BarrierMeta | undefined;
    super('Barrier', () => {
      if (typeof parties !== 'number' || !Number.isInteger(parties)) {
        throw new TypeError(`parties must be an integer, got ${String(parties)}`);
      }
      if (parties < 1 || parties > MAX_PARTIES) {
        throw new RangeError(`parties must be in 1..${MAX_PARTIES}, got ${parties}`);
      }
      fresh = {
        timeout: checkTimeout(options.timeout),
        action: options.action === undefined ? undefined : describeAction(options.action),
        actionArgs: encodeActionArgs(options.actionArgs, options.action !== undefined),
      };
      return [sharedWords(barrierWords(parties))];
    });
    this.#words = new Int32Array(this.buffers[0]!);
    const meta = fresh ?? (this.revivedMeta as BarrierMeta);
    if (fresh !== undefined) Atomics.store(this.#words, PARTIES, parties);
    this.#timeout = meta.timeout;
    this.#action = new ActionSlot(meta.action);
    this.#wireArgs = meta.actionArgs;
    this.#actionArgs = fresh
      ? [...(options.actionArgs ?? [])]
      : (reviveShared(structuredClone(meta.actionArgs)) as unknown[]);
  }

  /** The default timeout, the action's definition and its arguments travel with the buffers. */
  protected override wireMeta(): BarrierMeta {
    return { timeout: this.#timeout, action: this.#action.definition, actionArgs: this.#wireArgs };
  }

  /**
   * Waits until all parties arrived; resolves with this party's arrival index. Rejects with
   * BrokenBarrierError if the barrier is or becomes broken (a timeout here breaks it).
   *
   * @example
   * ```ts
   * const i = await barrier.wait({ timeout: 5000 });
   * if (i === 0) console.log('first in');
   * ```
   */
  async wait(options?: BarrierWaitOptions): Promise<number> {
    const { timeout, signal } = checkBlockOptions(options);
    const action = await this.#action.resolve();
    const words = this.#words;
    const index = (await blockAsync(this.#enterPlan(), undefined, signal))!;
    try {
      if (index === this.parties - 1) {
        await this.#trip(action, true);
        return index;
      }
      const plan = this.#outcomePlan(index);
      let aborted: { reason: unknown } | undefined;
      try {
        const passed = await blockAsync(plan, timeout ?? this.#timeout, signal);
        if (passed !== undefined) return passed;
      } catch (error) {
        if (error instanceof BrokenBarrierError) throw error;
        aborted = { reason: error };
      }
      if (movePhase(words, FILLING, BROKEN)) {
        throw aborted ? aborted.reason : new BrokenBarrierError('a party timed out at the barrier');
      }
      // It passed, broke, or is running its action: that outcome is ours too.
      return (await blockAsync(plan, undefined, undefined))!;
    } finally {
      leaveSlot(words, index);
    }
  }

  /**
   * Worker threads only: the blocking form of {@link Barrier.wait}. An action defined in a
   * module must already be imported in this thread.
   *
   * @example
   * ```ts
   * for (let round = 0; round < 10; round++) { step(round); barrier.waitSync(); }
   * ```
   */
  waitSync(options?: Omit<BarrierWaitOptions, 'signal'>): number {
    assertMayBlock('Barrier.waitSync()', 'await barrier.wait()');
    const { timeout } = checkBlockOptions(options);
    const action = this.#action.resolveSync();
    const words = this.#words;
    const index = blockSync(this.#enterPlan(), undefined)!;
    try {
      if (index === this.parties - 1) {
        this.#trip(action, false);
        return index;
      }
      const plan = this.#outcomePlan(index);
      const passed = blockSync(plan, timeout ?? this.#timeout);
      if (passed !== undefined) return passed;
      if (movePhase(words, FILLING, BROKEN)) {
        throw new BrokenBarrierError('a party timed out at the barrier');
      }
      return blockSync(plan, undefined)!;
    } finally {
      leaveSlot(words, index);
    }
  }

  /**
   * Breaks the parties waiting now (BrokenBarrierError) and makes the barrier usable again,
   * even a broken one.
   *
   * @example
   * ```ts
   * barrier.reset();
   * ```
   */
  reset(): void {
    reset(this.#words);
  }

  /**
   * Breaks the barrier: current and future waits fail with BrokenBarrierError until reset().
   *
   * @example
   * ```ts
   * barrier.abort(); barrier.broken; // true
   * ```
   */
  abort(): void {
    movePhase(this.#words, undefined, BROKEN);
  }

  /**
   * How many parties must arrive.
   *
   * @example
   * ```ts
   * new Barrier(4).parties; // 4
   * ```
   */
  get parties(): number {
    return Atomics.load(this.#words, PARTIES);
  }

  /**
   * How many parties are waiting right now (a snapshot).
   *
   * @example
   * ```ts
   * barrier.nWaiting; // 0
   * ```
   */
  get nWaiting(): number {
    const state = Atomics.load(this.#words, STATE);
    return phase(state) === FILLING ? count(state) : 0;
  }

  /**
   * True once the barrier is broken (until reset()).
   *
   * @example
   * ```ts
   * barrier.broken; // false
   * ```
   */
  get broken(): boolean {
    return phase(Atomics.load(this.#words, STATE)) === BROKEN;
  }

  /** Counts this party in (only while FILLING); the last one moves the barrier to TRIPPING. */
  #enterPlan(): BlockPlan<number> {
    const words = this.#words;
    const parties = this.parties;
    return {
      word: words,
      index: STATE,
      attempt: () => {
        for (;;) {
          const state = Atomics.load(words, STATE);
          const now = phase(state);
          if (now === BROKEN) throw new BrokenBarrierError();
          if (now !== FILLING) return undefined;
          const arrived = count(state);
          const last = arrived + 1 === parties;
          // The last one in first makes sure that every party counted is alive.
          if (last && reapDeadParties(words)) continue;
          const next = pack(arrived + 1, last ? TRIPPING : FILLING);
          if (Atomics.compareExchange(words, STATE, state, next) === state) {
            claimSlot(words, arrived);
            return arrived;
          }
        }
      },
      onSlice: () => void reapDeadParties(words),
    };
  }

  /** Succeeds (with `index`) once the barrier passed; throws once it broke or was reset. */
  #outcomePlan(index: number): BlockPlan<number> {
    const words = this.#words;
    return {
      word: words,
      index: STATE,
      attempt: () => {
        const now = phase(Atomics.load(words, STATE));
        if (now === DRAINING) return index;
        if (now === BROKEN || now === RESETTING) throw new BrokenBarrierError();
        return undefined;
      },
      onSlice: () => void reapDeadParties(words),
    };
  }

  /**
   * The last party: runs the action, then releases everyone (DRAINING). A failing action breaks
   * the barrier and its error reaches this party (the others get BrokenBarrierError), as in Python.
   */
  #trip(action: ((...args: unknown[]) => unknown) | undefined, mayAwait: boolean): Promise<void> | undefined {
    const words = this.#words;
    const finish = () => {
      if (!movePhase(words, TRIPPING, DRAINING)) {
        throw new BrokenBarrierError('the barrier was reset or aborted while its action ran');
      }
    };
    const fail = (error: unknown): never => {
      movePhase(words, TRIPPING, BROKEN);
      throw explainClosureError(error, 'Barrier action');
    };
    let result: unknown;
    try {
      result = action?.(...this.#actionArgs);
    } catch (error) {
      fail(error);
    }
    if (result instanceof Promise) {
      if (mayAwait) return result.then(finish, fail);
      result.catch(() => {});
      fail(new TypeError('the Barrier action returned a Promise, which waitSync() cannot wait for'));
    }
    finish();
    return undefined;
  }
}

registerPrimitive('Barrier', Barrier);
