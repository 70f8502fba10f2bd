import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DistributedExecutor } from '../../src/distributed/index.ts';
import { record } from '../fixtures/distributed-tasks.ts';
import { RedisServer, skipWithoutRedis, startWorkers, tempDir } from './helpers.ts';

const LIMIT = { timeout: 120_000, skip: skipWithoutRedis };
const FAST_RECOVERY = ['--lock-duration', '2000', '--stalled-interval', '1000'];

/** Executions per argument and per process, from the files the `record` task appends to. */
function executions(dir: string): { counts: Map<number, number>; byPid: Map<number, number> } {
  const counts = new Map<number, number>();
  const byPid = new Map<number, number>();
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.log')) continue;
    const pid = Number(file.split('-')[0]);
    for (const line of readFileSync(`${dir}/${file}`, 'utf8').split('\n')) {
      if (line === '') continue;
      counts.set(Number(line), (counts.get(Number(line)) ?? 0) + 1);
      byPid.set(pid, (byPid.get(pid) ?? 0) + 1);
    }
  }
  return { counts, byPid };
}

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

test(
  'a worker SIGKILLed mid-job: its jobs are recovered elsewhere; every future settles once, right',
  LIMIT,
  async () => {
    const redis = await RedisServer.start();
    const workers = await startWorkers(redis.url, 3, ['--concurrency', '2', ...FAST_RECOVERY]);
    const dir = tempDir();
    try {
      await using executor = new DistributedExecutor({ connection: redis.url });
      const n = 150;
      const futures = Array.from({ length: n }, (_, i) => executor.submit(record, dir, i, 40));
      const settles = new Array<number>(n).fill(0);
      for (const [i, f] of futures.entries()) {
        f.addDoneCallback(() => {
          settles[i]!++;
        });
      }
      await until(() => executions(dir).counts.size >= 20, '20 tasks done');
      const victim = workers.find((w) => executions(dir).byPid.has(w.pid)) ?? workers[0]!;
      await victim.kill('SIGKILL');
      const values = await Promise.all(futures.map((f) => f.result({ timeout: 90_000 })));
      assert.deepEqual(
        values,
        Array.from({ length: n }, (_, i) => i * 2),
      );
      assert.ok(
        settles.every((k) => k === 1),
        'every future settled exactly once',
      );
      const { counts } = executions(dir);
      for (let i = 0; i < n; i++) assert.ok((counts.get(i) ?? 0) >= 1, `task ${i} ran`);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await redis.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'Redis killed and restarted mid-run (AOF, fsync always): no acknowledged job is lost',
  LIMIT,
  async () => {
    const redis = await RedisServer.start({ aof: true });
    const workers = await startWorkers(redis.url, 2, ['--concurrency', '2', ...FAST_RECOVERY]);
    const dir = tempDir();
    try {
      await using executor = new DistributedExecutor({ connection: redis.url });
      const n = 200;
      const futures = Array.from({ length: n }, (_, i) => executor.submit(record, dir, i, 20));
      await executor.flush(); // acknowledged: every job is in Redis (and in its AOF)
      await until(() => executions(dir).counts.size >= 30, '30 tasks done');
      await redis.stop('SIGKILL');
      await sleep(500);
      await redis.restart();
      const values = await Promise.all(futures.map((f) => f.result({ timeout: 90_000 })));
      assert.deepEqual(
        values,
        Array.from({ length: n }, (_, i) => i * 2),
      );
      const { counts } = executions(dir);
      for (let i = 0; i < n; i++) assert.ok((counts.get(i) ?? 0) >= 1, `task ${i} ran`);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await redis.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('a producer that dies after submitting: a new one re-attaches by jobId', LIMIT, async () => {
  const redis = await RedisServer.start();
  const workers = await startWorkers(redis.url, 1, ['--concurrency', '2']);
  const dir = tempDir();
  try {
    const n = 20;
    const producer = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/distributed-producer.ts', redis.url, dir, String(n)],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(producer.stdout.trim(), 'added', `producer output: ${producer.stderr}`);
    await using executor = new DistributedExecutor({ connection: redis.url });
    const futures = Array.from({ length: n }, (_, i) => executor.attach<number>(`restart-${i}`));
    const values = await Promise.all(futures.map((f) => f.result({ timeout: 60_000 })));
    assert.deepEqual(
      values,
      Array.from({ length: n }, (_, i) => i * 2),
    );
    const { counts } = executions(dir);
    for (let i = 0; i < n; i++) assert.equal(counts.get(i), 1, `job restart-${i} ran once`);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await redis.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
