import type { TransferListItem } from 'node:worker_threads';
import { Future } from '../futures/future.ts';
import type { TaskDescriptor } from '../tasks/describe.ts';
import type { WorkerSlot } from './worker-slot.ts';

let nextCallId = 1;

/**
 * A Future that also carries its own call: the queue entry and the future are one object, so
 * submitting allocates nothing else on the hot path.
 */
export class PoolTask<T> extends Future<T> {
  readonly callId = nextCallId++;
  readonly queuedAt = performance.now();
  startedAt = 0;
  worker: WorkerSlot | undefined;
  timer: NodeJS.Timeout | undefined;
  removeAbortListener: (() => void) | undefined;

  constructor(
    onCancel: (task: PoolTask<T>) => void,
    readonly descriptor: TaskDescriptor,
    readonly args: unknown[],
    readonly chunked: boolean,
    readonly timeout: number | undefined,
    readonly transfer: readonly TransferListItem[] | undefined,
  ) {
    super(onCancel as (f: Future<T>) => void);
  }
}
