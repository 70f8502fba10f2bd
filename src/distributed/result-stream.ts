/**
 * Result delivery for a distributed executor: ONE BullMQ QueueEvents stream feeds every pending
 * future (never a `waitUntilFinished` per job, which can hang — BullMQ #2341). The stream is read
 * from the id it had when the executor started, so no event is missed between `add` and the
 * first read; after a reconnection, and periodically for futures that wait long, pending jobs
 * are reconciled with their state in Redis. Every future settles exactly once.
 * @module
 */
import type { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { CancelledError, SpindleError } from '../errors.ts';
import { decodeFailure } from './codec.ts';
import { engine } from './engine.ts';
import type { JobFuture } from './job-future.ts';

/** Turns a job's return value into the future's value (may throw: the future then rejects). */
export type Decode = (returnvalue: unknown) => unknown;

interface Waiter {
  futures: JobFuture<any>[];
  decode: Decode;
  since: number;
}

/** How many pending jobs one periodic sweep checks at most. */
const SWEEP_LIMIT = 500;

/**
 * The executor's single stream of job outcomes.
 *
 * @example
 * ```ts
 * const stream = new ResultStream(queue, eventsClient, 5000);
 * await stream.start(commandClient);
 * stream.track(future.jobId, future, decodeValue);
 * ```
 */
export class ResultStream {
  readonly #queue: Queue;
  readonly #eventsClient: Redis;
  readonly #sweepEvery: number;
  readonly #pending = new Map<string, Waiter>();
  #events: QueueEvents | undefined;
  #sweep: NodeJS.Timeout | undefined;
  #idle: Array<() => void> = [];
  #connectedOnce = false;

  constructor(queue: Queue, eventsClient: Redis, sweepEvery: number) {
    this.#queue = queue;
    this.#eventsClient = eventsClient;
    this.#sweepEvery = sweepEvery;
  }

  /** Number of jobs with at least one pending future. */
  get size(): number {
    return this.#pending.size;
  }

  /** Starts reading the event stream from its current end. */
  async start(commands: Redis): Promise<void> {
    const last = await commands.xrevrange(this.#queue.keys.events!, '+', '-', 'COUNT', 1);
    const lastEventId = last[0]?.[0] ?? '0-0';
    const events = new (engine().bullmq.QueueEvents)(this.#queue.name, {
      connection: this.#eventsClient,
      prefix: this.#queue.opts.prefix,
      lastEventId,
      blockingTimeout: 5000,
    });
    events.on('error', () => {}); // connection errors: ioredis reconnects; we reconcile on 'ready'
    events.on('completed', ({ jobId, returnvalue }) => this.#settle(jobId, true, returnvalue));
    events.on('failed', ({ jobId, failedReason }) => this.#settle(jobId, false, failedReason));
    events.on('removed', ({ jobId }) =>
      this.#reject(jobId, new CancelledError(`job ${jobId} was removed from the queue`)),
    );
    this.#eventsClient.on('ready', () => {
      if (this.#connectedOnce) this.reconcile([...this.#pending.keys()]);
      this.#connectedOnce = true;
    });
    this.#connectedOnce = this.#eventsClient.status === 'ready';
    this.#events = events;
    this.#sweep = setInterval(() => this.#sweepOld(), this.#sweepEvery);
    this.#sweep.unref();
  }

  /** Registers a future for a job id (several futures may wait on the same job). */
  track(jobId: string, future: JobFuture<any>, decode: Decode): void {
    const waiter = this.#pending.get(jobId);
    if (waiter) waiter.futures.push(future);
    else this.#pending.set(jobId, { futures: [future], decode, since: Number.POSITIVE_INFINITY });
  }

  /** Marks a job as stored in Redis: from now on reconciliation may look for it. */
  added(jobId: string): void {
    const waiter = this.#pending.get(jobId);
    if (waiter && waiter.since === Number.POSITIVE_INFINITY) waiter.since = Date.now();
  }

  /** Forgets a future (it was cancelled). */
  untrack(jobId: string, future: JobFuture<any>): void {
    const waiter = this.#pending.get(jobId);
    if (!waiter) return;
    waiter.futures = waiter.futures.filter((f) => f !== future);
    if (waiter.futures.length === 0) this.#delete(jobId);
  }

  /** True when some future waits for this job. */
  has(jobId: string): boolean {
    return this.#pending.has(jobId);
  }

  /** Pending job ids. */
  ids(): string[] {
    return [...this.#pending.keys()];
  }

  /** Cancels every future of a job (their cancel hooks withdraw the job). */
  cancel(jobId: string): void {
    for (const future of [...(this.#pending.get(jobId)?.futures ?? [])]) future.cancel();
  }

  /** Rejects every future of a job (e.g. its add failed). */
  fail(jobId: string, error: unknown): void {
    this.#reject(jobId, error);
  }

  /**
   * Asks Redis for the state of these jobs and settles those that have finished (or vanished).
   * Errors are ignored: the next reconnection or sweep tries again.
   */
  reconcile(ids: string[]): Promise<void> {
    return Promise.all(ids.map((id) => this.#reconcileOne(id))).then(
      () => undefined,
      () => undefined,
    );
  }

  /** Resolves when no future is pending (at once if none is). */
  idle(): Promise<void> {
    if (this.#pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops reading events. Pending futures are left as they are. */
  async close(): Promise<void> {
    clearInterval(this.#sweep);
    await this.#events?.close().catch(() => undefined);
  }

  async #reconcileOne(jobId: string): Promise<void> {
    if ((this.#pending.get(jobId)?.since ?? Number.POSITIVE_INFINITY) === Number.POSITIVE_INFINITY) return;
    // State first, then the job: a finished job no longer changes, so its fields read after are final.
    let state: string;
    let job: Job | undefined;
    try {
      state = await this.#queue.getJobState(jobId);
      if (state === 'completed' || state === 'failed') job = await this.#queue.getJob(jobId);
    } catch {
      return; // Redis unreachable: the next reconnection or sweep tries again
    }
    if (!this.#pending.has(jobId)) return;
    if (state === 'unknown' || ((state === 'completed' || state === 'failed') && job == null)) {
      this.#reject(
        jobId,
        new SpindleError(
          'ERR_JOB_LOST',
          `job ${jobId} is not in Redis: it was removed (cancelled elsewhere, or its data expired after removeAfter)`,
        ),
      );
    } else if (state === 'completed') this.#settle(jobId, true, job!.returnvalue);
    else if (state === 'failed') this.#settle(jobId, false, job!.failedReason);
  }

  #sweepOld(): void {
    const cutoff = Date.now() - this.#sweepEvery;
    const old: string[] = [];
    for (const [id, waiter] of this.#pending) {
      if (waiter.since > cutoff) continue;
      old.push(id);
      if (old.length >= SWEEP_LIMIT) break;
    }
    if (old.length > 0) void this.reconcile(old);
  }

  #settle(jobId: string, ok: boolean, payload: unknown): void {
    const waiter = this.#pending.get(jobId);
    if (!waiter) return;
    if (!ok) {
      this.#reject(jobId, decodeFailure(payload as string | undefined, jobId));
      return;
    }
    let value: unknown;
    try {
      value = waiter.decode(payload);
    } catch (error) {
      this.#reject(
        jobId,
        new SpindleError('ERR_BAD_RESULT', `the result of job ${jobId} cannot be decoded`, { cause: error }),
      );
      return;
    }
    this.#delete(jobId);
    for (const future of waiter.futures) if (!future.done()) future.setResult(value);
  }

  #reject(jobId: string, error: unknown): void {
    const waiter = this.#pending.get(jobId);
    if (!waiter) return;
    this.#delete(jobId);
    for (const future of waiter.futures) if (!future.done()) future.setException(error);
  }

  #delete(jobId: string): void {
    this.#pending.delete(jobId);
    if (this.#pending.size === 0 && this.#idle.length > 0) {
      for (const resolve of this.#idle.splice(0)) resolve();
    }
  }
}
