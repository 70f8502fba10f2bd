import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RedisServer, skipWithoutRedis, WorkerProcess } from '../distributed/helpers.ts';
import { spindle } from './run-cli.ts';

describe('spindle crunch --backend redis://', { skip: skipWithoutRedis, timeout: 180_000 }, () => {
  let redis: RedisServer;
  before(async () => {
    redis = await RedisServer.start();
  });
  after(async () => {
    await redis?.stop();
  });

  test('primes on a spindle worker are verified', async () => {
    const worker = new WorkerProcess(redis.url, ['--concurrency', '2'], 'src/cli/crunch/tasks.ts');
    try {
      await worker.ready;
      const r = await spindle(['crunch', 'primes', '--to', '1e7', '--workers', '2', '--backend', redis.url]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^π\(10,000,000\) = 664,579 {2}verified$/m, r.stdout);
    } finally {
      await worker.stop();
    }
  });
});
