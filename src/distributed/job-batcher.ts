/**
 * Adding jobs to Redis: every submit of one event-loop turn goes out in `addBulk` calls (one
 * round trip per 500 jobs instead of one per job). A job cancelled before its add is never
 * added; one cancelled while its add is in flight is withdrawn once the add is acknowledged.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { JobsOptions, Queue } from 'bullmq';
import { waitWithin } from '../futures/wait-options.ts';
import type { Withdrawal } from './cancellation.ts';
import type { JobData } from './job-data.ts';
import { JobFuture } from './job-future.ts';
import type { Decode, ResultStream } from './result-stream.ts';

interface QueuedJob {
  jobId: string;
  name: string;
  data: JobData;
  opts: JobsOptions;
  state: 'queued' | 'adding' | 'added';
  cancelled: boolean;
  explicitId: boolean;
}

const ADD_BULK_SIZE = 500;

/**
 * Turns calls into BullMQ jobs and their futures.
 *
 * @example
 * ```ts
 * const batcher = new JobBatcher(queue, stream, withdrawal, ensureStarted, 3_600_000, () => watch.signal);
 * const future = batcher.add('square', { t: 'square', a: encodeValue([3], 'args') }, {}, decodeValue);
 * await batcher.flush(); // stored in Redis
 * ```
 */
export class JobBatcher {
  readonly #queue: Queue;
  readonly #stream: ResultStream;
  readonly #withdrawal: Withdrawal;
  readonly #ready: () => Promise<void>;
  readonly #lost: () => AbortSignal;
  readonly #keep: { age: number };
  /** Job ids are this random prefix (72 bits, unique per batcher) and a counter: cheaper than a UUID each. */
  readonly #idPrefix = `${randomBytes(9).toString('base64url')}.`;
  #nextId = 0;
  #batch: QueuedJob[] = [];
  #flushScheduled = false;
  readonly #adding = new Set<Promise<void>>();

  /**
   * @param ready resolves when Redis is reachable and results are being read (rejects otherwise)
   * @param removeAfter ms after which finished jobs are deleted from Redis
   * @param lost aborted while Redis counts as lost: an add still waiting then fails with its reason
   */
  constructor(
    queue: Queue,
    stream: ResultStream,
    withdrawal: Withdrawal,
    ready: () => Promise<void>,
    removeAfter: number,
    lost: () => AbortSignal,
  ) {
    this.#queue = queue;
    this.#stream = stream;
    this.#withdrawal = withdrawal;
    this.#ready = ready;
    this.#lost = lost;
    this.#keep = { age: Math.ceil(removeAfter / 1000) };
  }

  /** Queues one job for the next bulk add and returns its future. */
  add<R>(name: string, data: JobData, opts: JobsOptions | undefined, decode: Decode): JobFuture<R> {
    const explicitId = opts?.jobId !== undefined;
    const jobId = opts?.jobId ?? this.#idPrefix + (this.#nextId++).toString(36);
    const job: QueuedJob = {
      jobId,
      name,
      data,
      opts: { ...opts, jobId, removeOnComplete: this.#keep, removeOnFail: this.#keep },
      state: 'queued',
      cancelled: false,
      explicitId,
    };
    const future = new JobFuture<R>(jobId, (f) => {
      this.#stream.untrack(jobId, f as JobFuture<R>);
      if (!this.#stream.has(jobId)) {
        job.cancelled = true;
        if (job.state === 'added') void this.#withdrawal.withdraw(jobId);
      }
      return true;
    });
    this.#stream.track(jobId, future, decode);
    this.#batch.push(job);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => this.#startFlush());
    }
    return future;
  }

  /** Marks every job not yet sent as cancelled: it will not be added. */
  cancelQueued(): void {
    for (const job of this.#batch) job.cancelled = true;
  }

  /** Resolves once every job queued so far is stored in Redis; rejects if an add failed. */
  async flush(): Promise<void> {
    if (this.#flushScheduled) await Promise.resolve();
    await Promise.all(this.#adding);
  }

  #startFlush(): void {
    this.#flushScheduled = false;
    const batch = this.#batch.filter((job) => !job.cancelled);
    this.#batch = [];
    if (batch.length === 0) return;
    const adding = this.#send(batch);
    this.#adding.add(adding);
    adding.finally(() => this.#adding.delete(adding)).catch(() => undefined);
  }

  async #send(batch: QueuedJob[]): Promise<void> {
    for (const job of batch) job.state = 'adding';
    // ioredis holds commands until it reconnects, however long that takes: bound the wait.
    const signal = this.#lost();
    try {
      await waitWithin(this.#ready(), { signal }, 'connect');
      for (let i = 0; i < batch.length; i += ADD_BULK_SIZE) {
        const jobs = batch.slice(i, i + ADD_BULK_SIZE);
        await waitWithin(
          this.#queue.addBulk(jobs.map((j) => ({ name: j.name, data: j.data, opts: j.opts }))),
          { signal },
          'addBulk',
        );
      }
    } catch (error) {
      for (const job of batch) this.#stream.fail(job.jobId, error);
      throw error;
    }
    const explicit: string[] = [];
    for (const job of batch) {
      job.state = 'added';
      this.#stream.added(job.jobId);
      if (job.cancelled) void this.#withdrawal.withdraw(job.jobId);
      else if (job.explicitId) explicit.push(job.jobId);
    }
    // An existing job id may name a job that finished already: no event will come for it.
    if (explicit.length > 0) void this.#stream.reconcile(explicit);
  }
}
