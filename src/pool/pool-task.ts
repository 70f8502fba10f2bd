import type { TransferListItem } from 'node:worker_threads';
import { Future, type FutureState } from '../futures/future.ts';
import type { TaskDescriptor } from '../tasks/describe.ts';
import { absoluteNow } from '../wire/call-claims.ts';
import type { WorkerSlot } from './worker-slot.ts';

let lastCallId = 0;

/** Call ids are positive int32s (they live in an Int32Array cell, negated once started). */
function nextCallId(): number {
  lastCallId = lastCallId === 0x7fffffff ? 1 : lastCallId + 1;
  return lastCallId;
}

/**
 * A Future that also carries its own call: the queue entry and the future are one object, so
 * submitting allocates nothing else on the hot path. While it waits on a worker it reads the
 * shared claim cell to report RUNNING as soon as the worker has started it.
 */
export class PoolTask<T> extends Future<T> {
  readonly callId = nextCallId();
  /** When it was submitted, on the absolute clock of CallClaims. */
  readonly queuedAt = absoluteNow();
  /** The worker it was sent to, while it is there. */
  worker: WorkerSlot | undefined;
  /** Its claim cell on that worker. */
  cell = -1;
  /** Bytes its arguments copy when sent (counted for large binary arguments only). */
  bytes = 0;
  timer: NodeJS.Timeout | undefined;
  removeAbortListener: (() => void) | undefined;
  /** Whether its worker keeps the process alive while it runs (see CallOptions.keepAlive). */
  keepAlive = true;

  constructor(
    onCancel: (task: PoolTask<T>) => boolean,
    readonly descriptor: TaskDescriptor,
    readonly args: unknown[],
    readonly chunked: boolean,
    readonly timeout: number | undefined,
    readonly transfer: readonly TransferListItem[] | undefined,
    /** The arguments hold shared-primitive wire records. */
    readonly shared: boolean,
  ) {
    super(onCancel as (f: Future<T>) => boolean);
  }

  override get state(): FutureState {
    this.#observeStart();
    return super.state;
  }

  override running(): boolean {
    this.#observeStart();
    return super.running();
  }

  #observeStart(): void {
    if (super.state === 'PENDING' && this.worker?.startedAt(this as PoolTask<unknown>) !== undefined) {
      this.setRunningOrNotifyCancel();
    }
  }
}
