/**
 * The records exchanged between the pool and its workers. A batch is one flat array of records,
 * each an op code followed by a fixed number of fields, so a batch of N tasks costs one array,
 * not N small objects.
 */

/** Pool → worker. */
export const ToWorker = {
  /** callId, taskId, definition (first time this worker sees taskId, else 0), args, chunked (0|1) */
  RUN: 1,
  /** callId: abort the signal of the call, or drop it if it has not started */
  CANCEL: 2,
} as const;

/** Fields after the op code, per pool → worker op. */
export const toWorkerArity: Record<number, number> = { [ToWorker.RUN]: 5, [ToWorker.CANCEL]: 1 };

/** Worker → pool. */
export const FromWorker = {
  /** (no fields) the worker ran its initializer and takes work */
  READY: 1,
  /** serialized error: the initializer failed */
  INIT_FAILED: 2,
  /** callId, value — for a chunked call the value is [results, serializedError | undefined] */
  DONE: 3,
  /** callId, serialized error */
  FAILED: 4,
} as const;

/** Fields after the op code, per worker → pool op. */
export const fromWorkerArity: Record<number, number> = {
  [FromWorker.READY]: 0,
  [FromWorker.INIT_FAILED]: 1,
  [FromWorker.DONE]: 2,
  [FromWorker.FAILED]: 2,
};

/** What a worker receives at start-up (workerData for threads). */
export interface WorkerBoot {
  /** URL of the worker-side entry module. */
  entry: string;
  /** URL of tsx's ESM API when spindle's own sources are TypeScript (running from src/). */
  tsxApi: string | undefined;
  poolName: string;
  workerIndex: number;
  initializer: import('../tasks/describe.ts').TaskDefinition | undefined;
  initargs: unknown[];
}
