import type { TransferListItem } from 'node:worker_threads';
import { serializeError } from '../wire/error-codec.ts';
import { type Batch, BatchReader } from '../wire/outbox.ts';
import { FromWorker } from '../wire/protocol.ts';

/**
 * A worker's batch of answers failed to post (a result that cannot be cloned): sends it record
 * by record, so only the answers that cannot travel fail — each becomes a FAILED answer for the
 * same call, with a TypeError that says why.
 *
 * @example
 * ```ts
 * const outbox = new Outbox(port.post, (batch) => resendOneByOne(batch, port.post));
 * ```
 */
export function resendOneByOne(
  batch: Batch,
  post: (batch: Batch, transfer: TransferListItem[]) => void,
): void {
  const reader = new BatchReader(batch);
  while (reader.more) {
    const op = reader.int();
    if (op === FromWorker.READY) {
      post([Int32Array.of(op), []], []);
      continue;
    }
    const callId = op === FromWorker.INIT_FAILED ? undefined : reader.int();
    const value = reader.value();
    const ints = callId === undefined ? Int32Array.of(op) : Int32Array.of(op, callId);
    try {
      post([ints, [value]], []);
    } catch (error) {
      const reason = new TypeError(
        `the task's result cannot be sent back to the caller: ${(error as Error).message}`,
        { cause: error },
      );
      // An INIT_FAILED record keeps its op; an answer becomes FAILED for the same call.
      if (callId !== undefined) ints[0] = FromWorker.FAILED;
      post([ints, [serializeError(reason)]], []);
    }
  }
}
