import type { ResourceLimits, TransferListItem } from 'node:worker_threads';
import type { Batch } from '../wire/outbox.ts';
import type { WorkerBoot } from '../wire/protocol.ts';
import type { Claims } from '../wire/sent-claims.ts';

/** How a worker ended. */
export interface WorkerExit {
  exitCode: number | null;
  signal: string | null;
  /** The uncaught error that killed it, when there was one. */
  error?: Error;
}

/** What the pool hears from one worker. */
export interface WorkerListener {
  message(batch: Batch): void;
  exit(exit: WorkerExit): void;
}

/** One running worker, whatever it is made of (a thread now, a child process later). */
export interface WorkerHandle {
  post(batch: Batch, transfer: TransferListItem[]): void;
  /** Let this worker keep the process alive (while it has work) or not (while idle). */
  ref(): void;
  unref(): void;
  /** Stops the worker now; its `exit` is still reported once. */
  terminate(): void;
}

/** Per-worker start-up settings. */
export interface SpawnOptions {
  boot: Omit<WorkerBoot, 'entry' | 'tsxApi'>;
  resourceLimits?: ResourceLimits;
}

/** Starts workers of one kind; the pool engine is written against this only. */
export interface Runtime {
  spawn(options: SpawnOptions, listener: WorkerListener): WorkerHandle;
  /**
   * The claim cells of one worker with `capacity` calls in flight: shared memory for threads
   * (cancel and steal race the worker's start), send-is-start for processes.
   */
  createClaims(capacity: number): Claims;
}
