import { Future } from '../futures/future.ts';

/**
 * The {@link Future} of a distributed job: an ordinary spindle Future (so `await`,
 * `asCompleted` and `wait` work) that also knows its BullMQ job id, which another process can
 * pass to `DistributedExecutor.attach` to get a future for the same job.
 *
 * @example
 * ```ts
 * const f = executor.submitWith({ jobId: 'report-2024' }, buildReport, 2024);
 * console.log(f.jobId); // 'report-2024'
 * ```
 */
export class JobFuture<T> extends Future<T> {
  /** The BullMQ job id. */
  readonly jobId: string;

  constructor(jobId: string, onCancel?: (future: Future<T>) => boolean) {
    super(onCancel);
    this.jobId = jobId;
  }
}
