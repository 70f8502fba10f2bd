import { absoluteNow } from './call-claims.ts';

/**
 * The pool's side of {@link CallClaims}, whichever memory backs it: whether a call sent to a
 * worker may still be taken back, and when it started.
 */
export interface Claims {
  /** The shared cells the worker also sees, or undefined when the worker cannot share memory. */
  readonly buffer: SharedArrayBuffer | undefined;
  offer(cell: number, callId: number): void;
  withdraw(cell: number, callId: number): boolean;
  startedAt(cell: number, callId: number): number | undefined;
}

/**
 * Claims for workers that share no memory with the pool (child processes): a call counts as
 * started the moment it is sent, so it is never withdrawn — not by cancel, not by a steal, not
 * by crash recovery — and nothing can run twice. This is Python's own rule for
 * `ProcessPoolExecutor`, where a call moved to the call queue is RUNNING. The pool pairs it with
 * one call in flight per worker, so a crash fails only the call the child was running.
 */
export class SentClaims implements Claims {
  readonly buffer = undefined;
  readonly #cells: Int32Array;
  readonly #sentAt: Float64Array;

  constructor(capacity: number) {
    this.#cells = new Int32Array(capacity);
    this.#sentAt = new Float64Array(capacity);
  }

  offer(cell: number, callId: number): void {
    this.#cells[cell] = callId;
    this.#sentAt[cell] = absoluteNow();
  }

  withdraw(): boolean {
    return false;
  }

  startedAt(cell: number, callId: number): number | undefined {
    return this.#cells[cell] === callId ? this.#sentAt[cell] : undefined;
  }
}
