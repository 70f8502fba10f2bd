import type { TransferListItem } from 'node:worker_threads';
import { Future, type FutureState } from '../futures/future.ts';
import type { TaskDescriptor } from '../tasks/describe.ts';
import { absoluteNow } from '../wire/call-claims.ts';
import { RunFlags } from '../wire/protocol.ts';
import type { WorkerSlot } from './worker-slot.ts';

let lastCallId = 0;

/** Call ids are positive int32s (they live in an Int32Array cell, negated once started). */
function nextCallId(): number {
  lastCallId = lastCallId === 0x7fffffff ? 1 : lastCallId + 1;
  return lastCallId;
}

/** What only some calls have (a timeout, a signal, transfers, copied binary arguments, a daemon's call). */
interface CallExtras {
  timeout: number | undefined;
  transfer: readonly TransferListItem[] | undefined;
  timer: NodeJS.Timeout | undefined;
  removeAbortListener: (() => void) | undefined;
  bytes: number;
  keepAlive: boolean;
}

/**
 * A Future that also carries its own call: the queue entry and the future are one object, so
 * submitting allocates nothing else on the hot path. While it waits on a worker it reads the
 * shared claim cell to report RUNNING as soon as the worker has started it.
 *
 * Every pending task is held until it settles, so its size is what the scavenger copies in a
 * burst: a lone argument is kept without its array, and the fields few calls use live in one
 * record made only for those calls.
 *
 * @example
 * ```ts
 * const task = new PoolTask(onCancel, descriptor, [7], false, undefined, undefined, false);
 * ```
 */
export class PoolTask<T> extends Future<T> {
  readonly callId = nextCallId();
  /** When it was submitted, on the absolute clock of CallClaims. */
  readonly queuedAt = absoluteNow();
  /** The worker it was sent to, while it is there. */
  worker: WorkerSlot | undefined = undefined;
  /** Its claim cell on that worker. */
  cell = -1;
  /** The RUN record's argument value: the lone argument (SINGLE_ARG), the arguments, or a chunk's items. */
  readonly payload: unknown;
  /** RunFlags.CHUNKED, SINGLE_ARG and HAS_SHARED as they apply to this call. */
  readonly flags: number;
  #extras: CallExtras | undefined = undefined;

  constructor(
    onCancel: (task: PoolTask<T>) => boolean,
    readonly descriptor: TaskDescriptor,
    args: unknown[],
    chunked: boolean,
    timeout: number | undefined,
    transfer: readonly TransferListItem[] | undefined,
    /** The arguments hold shared-primitive wire records. */
    shared: boolean,
  ) {
    super(onCancel as (f: Future<T>) => boolean);
    const single = !chunked && args.length === 1;
    this.payload = single ? args[0] : args;
    this.flags =
      (chunked ? RunFlags.CHUNKED : 0) |
      (single ? RunFlags.SINGLE_ARG : 0) |
      (shared ? RunFlags.HAS_SHARED : 0);
    if (timeout !== undefined || transfer !== undefined) {
      const extras = this.#extrasRecord();
      extras.timeout = timeout;
      extras.transfer = transfer;
    }
  }

  /** Milliseconds it may run, counted from its start. */
  get timeout(): number | undefined {
    return this.#extras?.timeout;
  }

  /** Objects its arguments move to the worker. */
  get transfer(): readonly TransferListItem[] | undefined {
    return this.#extras?.transfer;
  }

  /** Its deadline timer (see Deadlines). */
  get timer(): NodeJS.Timeout | undefined {
    return this.#extras?.timer;
  }

  set timer(timer: NodeJS.Timeout | undefined) {
    if (timer !== undefined || this.#extras !== undefined) this.#extrasRecord().timer = timer;
  }

  /** Removes its listener from the caller's AbortSignal. */
  get removeAbortListener(): (() => void) | undefined {
    return this.#extras?.removeAbortListener;
  }

  set removeAbortListener(remove: (() => void) | undefined) {
    this.#extrasRecord().removeAbortListener = remove;
  }

  /** Bytes its arguments copy when sent (counted for large binary arguments only). */
  get bytes(): number {
    return this.#extras?.bytes ?? 0;
  }

  set bytes(bytes: number) {
    if (bytes !== 0 || this.#extras !== undefined) this.#extrasRecord().bytes = bytes;
  }

  /** Whether its worker keeps the process alive while it runs (see CallOptions.keepAlive). */
  get keepAlive(): boolean {
    return this.#extras?.keepAlive ?? true;
  }

  set keepAlive(keepAlive: boolean) {
    if (!keepAlive || this.#extras !== undefined) this.#extrasRecord().keepAlive = keepAlive;
  }

  override get state(): FutureState {
    this.#observeStart();
    return super.state;
  }

  override running(): boolean {
    this.#observeStart();
    return super.running();
  }

  #extrasRecord(): CallExtras {
    this.#extras ??= {
      timeout: undefined,
      transfer: undefined,
      timer: undefined,
      removeAbortListener: undefined,
      bytes: 0,
      keepAlive: true,
    };
    return this.#extras;
  }

  #observeStart(): void {
    if (super.state === 'PENDING' && this.worker?.startedAt(this as PoolTask<unknown>) !== undefined) {
      this.setRunningOrNotifyCancel();
    }
  }
}
