/** Redis killed for good (SIGKILL, never restarted) while jobs run: the producer side must not hang. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { RedisServer, skipWithoutRedis, startWorkers, untilActive } from './helpers.ts';

const LIMIT = { timeout: 120_000 };
const JOBS = 20;
const WORKER = ['--concurrency', String(JOBS)];

test('the futures reject with RedisUnavailableError after reconnectTimeout; `await using` ends; the process exits', {
  ...LIMIT,
  skip: skipWithoutRedis,
}, async () => {
  const redis = await RedisServer.start();
  const [worker] = await startWorkers(redis.url, 1, WORKER);
  try {
    const producer = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/distributed-redis-lost.ts', redis.url, String(JOBS)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    producer.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const added = new Promise<void>((resolve, reject) => {
      producer.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('added\n')) resolve();
      });
      producer.once('exit', () => reject(new Error(`the producer exited early: ${stdout} ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => producer.once('exit', resolve));
    await added;
    await untilActive(redis.url, JOBS);
    await redis.stop('SIGKILL');
    assert.equal(await exited, 0, `producer: ${stdout} ${stderr}`);
    assert.deepEqual(stdout.trim().split('\n'), ['added', 'ERR_REDIS_UNAVAILABLE', 'closed']);
  } finally {
    await worker!.stop();
    await redis.close();
  }
});
