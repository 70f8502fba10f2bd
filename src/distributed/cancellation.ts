/**
 * Withdrawing jobs, which BullMQ cannot do for a running job (BullMQ #136, #3814): a waiting job
 * is removed atomically; a job that a worker has taken is recorded as cancelled and named on the
 * queue's cancel channel (one transaction), and the owning worker aborts the task (then kills its
 * pool worker after a grace period) — on the message, or on its next look at the records if the
 * message was lost.
 * @module
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { CANCEL_RECORD_MS, cancelChannel, cancelKey } from './job-data.ts';

/**
 * Withdraws jobs from one queue.
 *
 * @example
 * ```ts
 * const withdrawal = new Withdrawal(queue, client);
 * await withdrawal.withdraw(future.jobId); // removed if waiting, else the worker is told to stop
 * ```
 */
export class Withdrawal {
  readonly #queue: Queue;
  readonly #client: Redis;
  readonly #channel: string;

  constructor(queue: Queue, client: Redis) {
    this.#queue = queue;
    this.#client = client;
    this.#channel = cancelChannel(queue.name);
  }

  /** Removes a waiting job, or asks the worker running it to stop (race-safe: remove is atomic). */
  async withdraw(jobId: string): Promise<void> {
    try {
      const removed = await this.#queue.remove(jobId);
      if (removed === 1) return;
      await this.#client
        .multi()
        .set(cancelKey(this.#queue.name, jobId), '1', 'PX', CANCEL_RECORD_MS)
        .publish(this.#channel, jobId)
        .exec();
    } catch {
      // Redis unreachable: the future is already cancelled; the job may still run.
    }
  }

  /** Removes those of `ids` that no worker has started; returns the ids removed. */
  async removeWaiting(ids: readonly string[]): Promise<string[]> {
    const removed = await Promise.all(ids.map((id) => this.#queue.remove(id).catch(() => 0)));
    return ids.filter((_, i) => removed[i] === 1);
  }
}
