/** Redis killed for good (SIGKILL, never restarted) with 20 jobs running: shutdown and `spindle worker` must end. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DistributedExecutor, type JobFuture } from '../../src/distributed/index.ts';
import { CancelledError } from '../../src/errors.ts';
import { nap } from '../fixtures/distributed-tasks.ts';
import {
  dropWitness,
  RedisServer,
  skipWithoutRedis,
  startWorkers,
  untilActive,
  type WorkerProcess,
} from './helpers.ts';

const LIMIT = { timeout: 120_000 };
const JOBS = 20;

describe('Redis killed for good with 20 jobs running', { skip: skipWithoutRedis, ...LIMIT }, () => {
  let redis: RedisServer;
  let worker: WorkerProcess;
  let executor: DistributedExecutor;
  let futures: JobFuture<{}>[];

  before(async () => {
    redis = await RedisServer.start();
    [worker] = (await startWorkers(redis.url, 1, ['--concurrency', String(JOBS)])) as [WorkerProcess];
    // No reconnection attempt for a minute: the clients stay in ioredis's "reconnecting" state,
    // in which BullMQ's close waits for an end that never comes.
    const connection = { host: '127.0.0.1', port: redis.port, retryStrategy: () => 60_000 };
    executor = new DistributedExecutor({ connection });
    futures = Array.from({ length: JOBS }, (_, i) => executor.submit(nap, 600_000, i));
    await executor.flush();
    await untilActive(redis.url, JOBS);
    const witness = await dropWitness(redis.url);
    await redis.stop('SIGKILL');
    await witness.dropped; // the executor's clients have seen the drop too
  });
  after(async () => {
    await worker?.stop(1000);
    await redis?.close();
  });

  test('shutdown({ timeout }) returns, and the futures are cancelled', LIMIT, async () => {
    assert.ok(
      futures.every((f) => !f.done()),
      'the futures still wait (reconnectTimeout is 30 s)',
    );
    await executor.shutdown({ timeout: 500 });
    for (const future of futures) await assert.rejects(future.result(), CancelledError);
  });

  test('`spindle worker` ends on a second SIGTERM', LIMIT, async () => {
    const exited = new Promise<number | null>((resolve) => worker.child.once('exit', resolve));
    process.kill(worker.pid, 'SIGTERM');
    await untilStderr(worker, 'finishing running jobs');
    process.kill(worker.pid, 'SIGTERM');
    assert.equal(await exited, 0, worker.stderr);
    assert.match(worker.stderr, /forcing/);
  });
});

async function untilStderr(worker: WorkerProcess, text: string): Promise<void> {
  while (!worker.stderr.includes(text)) {
    await new Promise((resolve) => worker.child.stderr!.once('data', resolve));
  }
}
