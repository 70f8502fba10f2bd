import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DistributedExecutor, JobTooLargeError, RedisUnavailableError } from '../../src/distributed/index.ts';
import {
  asCompleted,
  CancelledError,
  SpindleError,
  TaskDefinitionError,
  TimeoutError,
} from '../../src/index.ts';
import { notLoaded } from '../fixtures/distributed-other-tasks.ts';
import { echo, fail, markThenSpin, nap, record, square } from '../fixtures/distributed-tasks.ts';
import {
  freePort,
  RedisServer,
  skipWithoutRedis,
  startWorkers,
  tempDir,
  type WorkerProcess,
} from './helpers.ts';

const LIMIT = { timeout: 90_000 };

/** Executions per argument, read from the files the `record` task appends to. */
function executions(dir: string): { counts: Map<number, number>; pids: Set<string> } {
  const counts = new Map<number, number>();
  const pids = new Set<string>();
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.log')) continue;
    pids.add(file.split('-')[0]!);
    for (const line of readFileSync(`${dir}/${file}`, 'utf8').split('\n')) {
      if (line !== '') counts.set(Number(line), (counts.get(Number(line)) ?? 0) + 1);
    }
  }
  return { counts, pids };
}

describe('DistributedExecutor with three workers', { skip: skipWithoutRedis, ...LIMIT }, () => {
  let redis: RedisServer;
  let workers: WorkerProcess[];
  let executor: DistributedExecutor;

  before(async () => {
    redis = await RedisServer.start();
    workers = await startWorkers(redis.url, 3, ['--concurrency', '2']);
    executor = new DistributedExecutor({ connection: redis.url });
  });
  after(async () => {
    await executor?.shutdown({ timeout: 5000 });
    await Promise.all((workers ?? []).map((w) => w.stop()));
    await redis?.close();
  });

  test('1,000 tasks across 3 workers all complete once with the right results', LIMIT, async () => {
    const dir = tempDir();
    try {
      const futures = Array.from({ length: 1000 }, (_, i) => executor.submit(record, dir, i));
      const settles = new Array<number>(1000).fill(0);
      for (const [i, f] of futures.entries()) {
        f.addDoneCallback(() => {
          settles[i]!++;
        });
      }
      const values = await Promise.all(futures);
      assert.deepEqual(
        values,
        Array.from({ length: 1000 }, (_, i) => i * 2),
      );
      const { counts, pids } = executions(dir);
      assert.equal(counts.size, 1000);
      for (const [i, n] of counts) assert.equal(n, 1, `task ${i} ran ${n} times`);
      assert.ok(pids.size >= 2, `work was spread over the worker processes (${pids.size} ran tasks)`);
      assert.ok(
        settles.every((n) => n === 1),
        'every future settled exactly once',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('map in chunks keeps order; asCompleted works on distributed futures', LIMIT, async () => {
    const items = Array.from({ length: 500 }, (_, i) => i);
    const squares = await executor.map(square, items, { chunksize: 25 }).toArray();
    assert.deepEqual(
      squares,
      items.map((i) => i * i),
    );
    const seen: number[] = [];
    for await (const f of asCompleted([1, 2, 3].map((i) => executor.submit(square, i)))) seen.push(await f);
    assert.deepEqual(
      seen.sort((a, b) => a - b),
      [1, 4, 9],
    );
  });

  test('map over several iterables calls task(a[i], b[i]) until the shortest ends', LIMIT, async () => {
    const values = await executor.map(nap, [0, 0, 0], ['a', 'b']).toArray();
    assert.deepEqual(values, ['a', 'b']);
  });

  test('arguments, results and errors round-trip through the codec', LIMIT, async () => {
    const value = {
      date: new Date(86_400_000),
      big: 2n ** 70n,
      bytes: new Uint8Array([1, 2, 3]),
      map: new Map<unknown, unknown>([['k', new Set([1, 'two'])]]),
      error: Object.assign(new RangeError('bad', { cause: new Error('root') }), { code: 'ERR_X' }),
    };
    const back = (await executor.submit(echo, value)) as typeof value;
    assert.deepEqual(back.date, value.date);
    assert.equal(back.big, value.big);
    assert.deepEqual([...back.bytes], [1, 2, 3]);
    assert.deepEqual(back.map, value.map);
    // (an error nested in a value crosses the worker's thread by structured clone, which keeps
    // its class, message and cause; codec.test.ts shows the codec alone also keeps `code`)
    assert.ok(back.error instanceof RangeError, 'an error inside a result stays a RangeError');
    assert.equal((back.error.cause as Error).message, 'root');

    const error = await executor.submit(fail, 'boom').exception();
    assert.ok(error instanceof SpindleError, 'a task error keeps its class');
    assert.equal((error as SpindleError).code, 'ERR_APP');
    assert.ok((error as Error).cause instanceof RangeError, 'and its cause');
  });

  test('an unknown task name fails at once, without retries, with a clear error', LIMIT, async () => {
    const f = executor.submitWith({ retries: 5 }, notLoaded);
    const error = await f.exception();
    assert.ok(error instanceof TaskDefinitionError, `TaskDefinitionError, got ${String(error)}`);
    assert.equal((error as TaskDefinitionError).code, 'ERR_TASK_UNKNOWN');
    assert.match((error as Error).message, /no task named "notLoaded"/);
    const queue = new Queue('spindle', { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      const job = await queue.getJob(f.jobId);
      assert.equal(job?.attemptsMade, 1);
    } finally {
      await queue.close();
    }
  });

  test('an oversized argument throws at submit; inline functions are refused', LIMIT, async () => {
    assert.throws(() => executor.submit(echo, new Uint8Array(2_000_000)), JobTooLargeError);
    assert.throws(() => executor.submit((x: number) => x, 1), /defineTask/);
  });

  test('the same jobId is one job; another executor can attach to it', LIMIT, async () => {
    const dir = tempDir();
    try {
      const a = executor.submitWith({ jobId: 'idem-1' }, record, dir, 7, 300);
      const b = executor.submitWith({ jobId: 'idem-1' }, record, dir, 7, 300);
      await using other = new DistributedExecutor({ connection: redis.url });
      const attached = other.attach<number>('idem-1');
      assert.deepEqual(await Promise.all([a, b, attached]), [14, 14, 14]);
      assert.equal(await other.attach<number>('idem-1'), 14, 'attach to a finished job gets its value');
      assert.equal(executions(dir).counts.get(7), 1);
      const lost = await other.attach('no-such-job').exception();
      assert.equal((lost as SpindleError).code, 'ERR_JOB_LOST');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cancellation and timeouts on one single-slot worker', { skip: skipWithoutRedis, ...LIMIT }, () => {
  let redis: RedisServer;
  let workers: WorkerProcess[];
  let executor: DistributedExecutor;

  before(async () => {
    redis = await RedisServer.start();
    workers = await startWorkers(redis.url, 1, [
      '--concurrency',
      '1',
      '--prefetch',
      '1',
      '--cancel-grace',
      '200',
    ]);
    executor = new DistributedExecutor({ connection: redis.url });
  });
  after(async () => {
    await executor?.shutdown({ timeout: 5000 });
    await Promise.all((workers ?? []).map((w) => w.stop()));
    await redis?.close();
  });

  test('cancel() removes a waiting job: it never runs', LIMIT, async () => {
    const dir = tempDir();
    try {
      const running = executor.submit(nap, 800, 'first');
      const waiting = executor.submit(record, dir, 1);
      await executor.flush();
      await sleep(100);
      assert.equal(waiting.cancel(), true);
      await assert.rejects(waiting.result(), CancelledError);
      assert.equal(await running, 'first');
      assert.equal(await executor.submit(square, 3), 9);
      assert.equal(existsSync(dir) && executions(dir).counts.size, 0, 'the cancelled job never ran');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(
    'cancel() of a running job stops it on its worker (the spinning thread is killed)',
    LIMIT,
    async () => {
      const dir = tempDir();
      try {
        const f = executor.submit(markThenSpin, dir, 'spin', 600_000);
        while (!existsSync(`${dir}/started-spin`)) await sleep(20);
        assert.equal(f.cancel(), true);
        await assert.rejects(f.result(), CancelledError);
        // The only slot is free again only if the worker stopped the spinning task.
        assert.equal(await executor.submit(square, 4).result({ timeout: 30_000 }), 16);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test('aborting a signal cancels like cancel()', LIMIT, async () => {
    const controller = new AbortController();
    const f = executor.submitWith({ signal: controller.signal }, nap, 600_000);
    await executor.flush();
    await sleep(200);
    controller.abort();
    await assert.rejects(f.result(), CancelledError);
    assert.equal(await executor.submit(square, 5).result({ timeout: 30_000 }), 25);
  });

  test(
    'a cancellation whose message never arrives still stops the job: the worker reads the records',
    LIMIT,
    async () => {
      const dir = tempDir();
      const client = new Redis(redis.url);
      try {
        const f = executor.submit(markThenSpin, dir, 'lost', 600_000);
        while (!existsSync(`${dir}/started-lost`)) await sleep(20);
        // What Withdrawal writes, without the pub/sub message (as if the subscriber had missed it).
        await client.set(`spindle:spindle:cancelled:${f.jobId}`, '1', 'PX', 60_000);
        const error = await f.exception({ timeout: 30_000 });
        assert.match(String(error), /cancelled by its producer/);
        assert.equal(await executor.submit(square, 7).result({ timeout: 30_000 }), 49);
      } finally {
        client.disconnect();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test('timeout counts from the start and is enforced by the worker', LIMIT, async () => {
    const f = executor.submitWith({ timeout: 300 }, markThenSpin, tempDir(), 'timeout', 600_000);
    const error = await f.exception();
    assert.ok(error instanceof TimeoutError, `TimeoutError, got ${String(error)}`);
    assert.equal(await executor.submit(square, 6).result({ timeout: 30_000 }), 36);
  });
});

describe('Redis unavailable, job retention', { skip: skipWithoutRedis, ...LIMIT }, () => {
  test('submit fails with a clear connection error within connectTimeout', LIMIT, async () => {
    const port = await freePort();
    const executor = new DistributedExecutor({
      connection: `redis://127.0.0.1:${port}`,
      connectTimeout: 300,
    });
    const error = await executor.submit(square, 2).exception();
    assert.ok(error instanceof RedisUnavailableError, `RedisUnavailableError, got ${String(error)}`);
    assert.match((error as Error).message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    await executor.shutdown();
  });

  test('finished job data is removed after removeAfter', LIMIT, async () => {
    const redis = await RedisServer.start();
    const [worker] = await startWorkers(redis.url, 1, ['--concurrency', '1']);
    const queue = new Queue('spindle', { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      await using executor = new DistributedExecutor({ connection: redis.url, removeAfter: 1000 });
      const first = executor.submit(square, 2);
      assert.equal(await first, 4);
      assert.ok(await queue.getJob(first.jobId), 'the finished job is kept for now');
      await sleep(2200);
      assert.equal(await executor.submit(square, 3), 9); // finishing a job prunes the old ones
      let job = await queue.getJob(first.jobId);
      for (let i = 0; i < 50 && job; i++) {
        await sleep(100);
        job = await queue.getJob(first.jobId);
      }
      assert.equal(job, undefined);
    } finally {
      await queue.close();
      await worker!.stop();
      await redis.close();
    }
  });
});

test('import "spindle" never loads bullmq or ioredis (architecture rule 7)', () => {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'/g)) {
      if (spec!.startsWith('.'))
        visit(new URL(spec!, `file://${process.cwd()}/${file}`).pathname.slice(process.cwd().length + 1));
      else packages.add(spec!.split('/')[0]!);
    }
  };
  visit('src/index.ts');
  assert.ok(seen.size > 10, `followed the static imports of src/index.ts (${seen.size} files)`);
  assert.ok(!packages.has('bullmq') && !packages.has('ioredis'), `core imports: ${[...packages].join(', ')}`);
  assert.ok(![...seen].some((f) => f.includes('distributed')), 'no distributed module in the core graph');
});
