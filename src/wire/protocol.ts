/**
 * The records exchanged between the pool and its workers, written into an {@link Outbox} batch:
 * an op code and integer fields (ints), then value fields (values), in the order listed here.
 */

import type { MessagePort } from 'node:worker_threads';
import type { TaskDefinition } from '../tasks/describe.ts';
import type { SerializedError } from './error-codec.ts';
import type { Outbox } from './outbox.ts';

/** Pool → worker. */
export const ToWorker = {
  /**
   * ints: callId, claim cell, taskId, flags (RunFlags); values: the task definition if
   * HAS_DEFINITION (the first time this worker sees taskId), then the argument if SINGLE_ARG,
   * else the arguments array (for a chunk: the items). HAS_SHARED: the values hold shared
   * primitives' wire records, to revive. The worker runs it only if it wins the
   * claim (see CallClaims).
   */
  RUN: 1,
  /** ints: callId. Abort the signal of the running call. */
  CANCEL: 2,
} as const;

/** Bits of a RUN record's flags. */
export const RunFlags = { CHUNKED: 1, HAS_DEFINITION: 2, SINGLE_ARG: 4, HAS_SHARED: 8 } as const;

/** Worker → pool. */
export const FromWorker = {
  /** The worker ran its initializer and takes work. */
  READY: 1,
  /** values: serialized error. The initializer failed. */
  INIT_FAILED: 2,
  /** ints: callId; values: the result (for a chunk: [results, serialized error | undefined]). */
  DONE: 3,
  /** ints: callId; values: serialized error. */
  FAILED: 4,
} as const;

/**
 * Writes a RUN record. `payload` is the lone argument (SINGLE_ARG in `flags`), the arguments, or
 * a chunk's items (CHUNKED); HAS_DEFINITION is added when `definition` travels with it.
 */
export function writeRun(
  outbox: Outbox,
  callId: number,
  cell: number,
  taskId: number,
  definition: TaskDefinition | undefined,
  payload: unknown,
  flags: number,
): void {
  outbox.int(ToWorker.RUN);
  outbox.int(callId);
  outbox.int(cell);
  outbox.int(taskId);
  outbox.int(definition ? flags | RunFlags.HAS_DEFINITION : flags);
  if (definition) outbox.value(definition);
  outbox.value(payload);
  outbox.commit();
}

/** Writes a CANCEL record. */
export function writeCancel(outbox: Outbox, callId: number): void {
  outbox.int(ToWorker.CANCEL);
  outbox.int(callId);
  outbox.commit();
}

/** Writes a READY record. */
export function writeReady(outbox: Outbox): void {
  outbox.int(FromWorker.READY);
  outbox.commit();
}

/** Writes an INIT_FAILED record. */
export function writeInitFailed(outbox: Outbox, error: SerializedError): void {
  outbox.int(FromWorker.INIT_FAILED);
  outbox.value(error);
  outbox.commit();
}

/** Writes a DONE or FAILED record. */
export function writeAnswer(
  outbox: Outbox,
  op: typeof FromWorker.DONE | typeof FromWorker.FAILED,
  callId: number,
  value: unknown,
): void {
  outbox.int(op);
  outbox.int(callId);
  outbox.value(value);
  outbox.commit();
  if (
    value instanceof ArrayBuffer ||
    (ArrayBuffer.isView(value) && !(value.buffer instanceof SharedArrayBuffer))
  ) {
    outbox.countBytes(value.byteLength);
  }
}

/** What a worker receives at start-up (workerData for threads). */
export interface WorkerBoot {
  /** URL of the worker-side entry module. */
  entry: string;
  /** URL of tsx's ESM API when spindle's own sources are TypeScript (running from src/). */
  tsxApi: string | undefined;
  poolName: string;
  workerIndex: number;
  initializer: TaskDefinition | undefined;
  initargs: unknown[];
  /** The worker's CallClaims cells (shared memory); undefined for a child process, which starts every call it receives. */
  claims: SharedArrayBuffer | undefined;
  /** The URL of the program's main script (tasks/main-script.ts), when known. */
  mainScript: string | undefined;
  /** A task to import while the worker starts: the one waiting at the front of the queue. */
  preload: { id: number; definition: TaskDefinition } | undefined;
  /** Thread runtime: the worker's ends of its two shared-memory channels (wire/channel-layout.ts). */
  channels?: {
    calls: { buffer: SharedArrayBuffer; port: MessagePort };
    answers: { buffer: SharedArrayBuffer; port: MessagePort };
  };
  /** Thread runtime: the process's table of dead threads (see runtime/thread-table.ts). */
  threadTable?: SharedArrayBuffer;
  /** Thread runtime: the main thread compiles `.ts` task modules for this worker (tasks/typescript-service.ts). */
  typescriptServed?: boolean;
}
