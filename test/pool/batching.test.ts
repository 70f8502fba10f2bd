import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, ThreadPoolExecutor, WorkerCrashedError } from '../../src/index.ts';
import {
  byteLength,
  countRun,
  countRunOrExit,
  exitWorker,
  meet,
  sleepFor,
  square,
  threadInfo,
} from '../fixtures/tasks.ts';
import { onDistinctWorkers } from '../helpers/on-distinct-workers.ts';

const sharedCounters = (n: number) => new Int32Array(new SharedArrayBuffer(4 * n));

describe('batching and prefetch', () => {
  test('a lone task is sent at once: it completes with nothing else submitted', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    assert.equal(await pool.submit(square, 7), 49);
    // and again on a warm pool, after an idle gap
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(await pool.submit(square, 8), 64);
  });

  test('a burst is split across the workers', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    await onDistinctWorkers(pool, 2); // both workers up and ready
    const infos = await Promise.all(Array.from({ length: 2000 }, () => pool.submit(threadInfo)));
    const perThread = new Map<number, number>();
    for (const { threadId } of infos) perThread.set(threadId, (perThread.get(threadId) ?? 0) + 1);
    assert.equal(perThread.size, 2, `threads used: ${JSON.stringify([...perThread])}`);
  });

  test('map results stay in order across prefetched chunks and workers', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2, prefetch: 8 });
    const items = Array.from({ length: 5000 }, (_, i) => i);
    const out = await pool.map(square, items, { chunksize: 7, bufferSize: 40 }).toArray();
    assert.deepEqual(
      out,
      items.map((i) => i * i),
    );
  });

  test('a crash in the middle of a batch: the calls before it complete, the rest run on a new worker, none twice', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1, prefetch: 64 });
    await pool.submit(square, 1); // worker up, so the whole burst lands in one batch
    const runs = sharedCounters(40);
    const futures = Array.from({ length: 40 }, (_, i) => pool.submit(countRunOrExit, runs, i, 17));
    const outcomes = await Promise.allSettled(futures);
    outcomes.forEach((outcome, i) => {
      if (i === 17) {
        assert.equal(outcome.status, 'rejected');
        assert.ok((outcome as PromiseRejectedResult).reason instanceof WorkerCrashedError, 'crash reported');
      } else {
        assert.deepEqual(outcome, { status: 'fulfilled', value: i });
      }
    });
    assert.deepEqual([...runs], Array(40).fill(1), 'every call ran exactly once');
  });

  test('cancelling prefetched calls in the middle of a batch: they never run, the others run once', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1, prefetch: 64 });
    await pool.submit(square, 1);
    const runs = sharedCounters(30);
    const blocker = pool.submit(sleepFor, 200);
    const futures = Array.from({ length: 30 }, (_, i) => pool.submit(countRun, runs, i));
    const controller = new AbortController();
    const aborted = pool.submitWith({ signal: controller.signal }, countRun, runs, 0);
    const cancelled = [3, 11, 29].map((i) => futures[i]!.cancel());
    controller.abort();
    assert.deepEqual(cancelled, [true, true, true]);
    assert.equal(aborted.cancelled(), true);
    await blocker;
    const outcomes = await Promise.allSettled(futures);
    await assert.rejects(aborted.result(), CancelledError);
    outcomes.forEach((outcome, i) => {
      if ([3, 11, 29].includes(i)) assert.equal(outcome.status, 'rejected');
      else assert.deepEqual(outcome, { status: 'fulfilled', value: i });
    });
    assert.deepEqual(
      [...runs],
      Array.from({ length: 30 }, (_, i) => ([3, 11, 29].includes(i) ? 0 : 1)),
      'cancelled calls never ran, the others ran once',
    );
  });

  test('an idle worker steals calls waiting behind a long task', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2, prefetch: 64 });
    await onDistinctWorkers(pool, 2);
    const long = pool.submit(sleepFor, 1500);
    const shorts = Array.from({ length: 10 }, (_, i) => pool.submit(square, i));
    // Some shorts were prefetched behind the long task; they must not wait for it.
    assert.deepEqual(
      await Promise.all(shorts),
      Array.from({ length: 10 }, (_, i) => i * i),
    );
    assert.equal(long.done(), false, 'every short finished while the long task was still running');
    assert.equal(await long, 1500);
  });

  test('running() becomes true once the worker has started a prefetched call', async (t) => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1, prefetch: 4 });
    await pool.submit(square, 1);
    // the first call holds its worker until this thread arrives too, so it cannot end unseen
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const first = pool.submit(meet, gate, 2, 60_000);
    const second = pool.submit(sleepFor, 100);
    const poll = () => sleep(2, undefined, { signal: t.signal }); // stops when the test times out
    while (!first.running()) await poll();
    assert.equal(second.running(), false, 'the second waits behind the first');
    assert.equal(second.state, 'PENDING');
    Atomics.add(gate, 0, 1);
    Atomics.notify(gate, 0);
    await first;
    while (!second.running() && !second.done()) await poll();
    assert.equal(second.cancel(), false, 'a started call cannot be cancelled');
    assert.equal(await second, 100);
  });

  test('calls with transferred buffers are never stolen or re-sent (their bytes live in one worker)', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2, prefetch: 64 });
    await onDistinctWorkers(pool, 2);
    // Half of the calls wait behind this one: the other worker, once idle, looks for calls to steal.
    const long = pool.submit(sleepFor, 300);
    const sizes = Array.from({ length: 60 }, (_, i) => 1024 * (i + 1));
    const futures = sizes.map((size) => {
      const buffer = new ArrayBuffer(size);
      return pool.submitWith({ transfer: [buffer] }, byteLength, buffer);
    });
    assert.deepEqual(await Promise.all(futures), sizes);
    assert.equal(await long, 300);
  });

  test('a crash fails prefetched calls whose transferred buffers died with the worker, and re-sends the others', async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1, prefetch: 64 });
    await pool.submit(square, 1);
    const crash = pool.submit(exitWorker, 3);
    const buffer = new ArrayBuffer(16);
    const moved = pool.submitWith({ transfer: [buffer] }, byteLength, buffer);
    const plain = pool.submit(square, 5);
    await assert.rejects(crash.result(), WorkerCrashedError);
    const error = await moved.exception();
    assert.ok(error instanceof WorkerCrashedError, String(error));
    assert.match((error as Error).message, /transferred arguments/);
    assert.equal(await plain, 25, 'a call without transfers runs on the replacement worker');
  });
});
