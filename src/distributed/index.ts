/**
 * `spindle/distributed` — the spindle Executor across machines, on BullMQ + Redis (Dask's
 * `Client.submit`, with an engine you already trust). Only this subpath uses bullmq and ioredis —
 * optional peer dependencies (`npm i bullmq ioredis`), loaded by the first call that needs them.
 *
 * @example
 * ```ts
 * import { DistributedExecutor } from 'spindle/distributed';
 * await using executor = new DistributedExecutor({ connection: 'redis://127.0.0.1:6379' });
 * for await (const ok of executor.map(isPrime, range(1000), { chunksize: 50 })) count += ok ? 1 : 0;
 * ```
 * @module
 */
import { registerErrorClass } from '../wire/error-codec.ts';
import { JobTooLargeError } from './codec.ts';
import { RedisUnavailableError } from './connection.ts';

registerErrorClass(JobTooLargeError);
registerErrorClass(RedisUnavailableError);

export { decodeFailure, decodeValue, encodeFailure, encodeValue, JobTooLargeError } from './codec.ts';
export { type ConnectionSpec, RedisUnavailableError } from './connection.ts';
export { MissingEngineError, requireEngine } from './engine.ts';
export {
  DistributedExecutor,
  type DistributedExecutorOptions,
  type DistributedSubmitOptions,
} from './executor.ts';
export { JobFuture } from './job-future.ts';
export type { Backend } from './local-pool.ts';
export { type RunWorkerOptions, runWorker, type SpindleWorker } from './worker.ts';
