import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DistributedExecutor } from '../../src/distributed/index.ts';
import { TimeoutError } from '../../src/index.ts';
import { spin, square, whoami } from '../fixtures/distributed-tasks.ts';
import { RedisServer, skipWithoutRedis, startWorkers, type WorkerProcess } from './helpers.ts';

const LIMIT = { timeout: 90_000 };

describe('spindle worker --backend processes', { skip: skipWithoutRedis, ...LIMIT }, () => {
  let redis: RedisServer;
  let workers: WorkerProcess[];
  let executor: DistributedExecutor;

  before(async () => {
    redis = await RedisServer.start();
    workers = await startWorkers(redis.url, 1, [
      '--backend',
      'processes',
      '--concurrency',
      '1',
      '--cancel-grace',
      '300',
    ]);
    executor = new DistributedExecutor({ connection: redis.url });
  });
  after(async () => {
    await executor?.shutdown({ timeout: 5000 });
    await Promise.all((workers ?? []).map((w) => w.stop()));
    await redis?.close();
  });

  test('a job runs in a child process of the worker, not in the worker itself', LIMIT, async () => {
    const pid = await executor.submit(whoami).result({ timeout: 60_000 });
    assert.equal(typeof pid, 'number');
    assert.ok(pid !== workers[0]!.pid, `the task ran in process ${pid}, the worker's own pid`);
    assert.ok(pid !== process.pid, 'the task ran in the test process');
    assert.deepEqual(await executor.map(square, [1, 2, 3], { chunksize: 2 }).toArray(), [1, 4, 9]);
  });

  test('a timed-out endless task has its child killed; the slot serves the next job', LIMIT, async () => {
    const before = await executor.submit(whoami).result({ timeout: 60_000 });
    const error = await executor.submitWith({ timeout: 300 }, spin, 600_000).exception();
    assert.ok(error instanceof TimeoutError, `TimeoutError, got ${String(error)}`);
    // One slot: the next job runs only if the spinning child was stopped (and replaced).
    const next = await executor.submit(whoami).result({ timeout: 60_000 });
    assert.ok(next !== before, `the spinning child ${before} should have been replaced`);
  });
});
