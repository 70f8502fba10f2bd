import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ProcessPoolExecutor, TimeoutError } from '../../src/index.ts';
import { pid, stubbornSpin } from '../fixtures/process-tasks.ts';
import { sleepFor, spin, square } from '../fixtures/tasks.ts';
import { allGone, bounded, isAlive, runNode, tally } from './helpers.ts';

describe('ProcessPoolExecutor: timeouts kill the child', () => {
  test(
    'an endless loop past its timeout fails with TimeoutError; a new child takes over',
    bounded,
    async () => {
      await using pool = new ProcessPoolExecutor({ maxWorkers: 1, cancelGrace: 100 });
      const before = await pool.submit(pid);
      const f = pool.submitWith({ timeout: 200 }, spin, 600_000);
      const next = pool.submit(pid);
      await assert.rejects(f.result(), TimeoutError);
      const after = await next;
      assert.notEqual(after, before, 'the timed-out child was replaced');
      assert.equal(await allGone([before], 10_000), true, 'the old child is gone');
    },
  );

  test('a task that ignores SIGTERM is SIGKILLed after cancelGrace', bounded, async () => {
    await using pool = new ProcessPoolExecutor({ maxWorkers: 1, cancelGrace: 100 });
    const before = await pool.submit(pid);
    const f = pool.submitWith({ timeout: 100 }, stubbornSpin, 600_000);
    await assert.rejects(f.result(), TimeoutError);
    assert.equal(await allGone([before], 10_000), true, 'the stubborn child was killed');
    assert.equal(await pool.submit(square, 9), 81);
  });
});

describe('ProcessPoolExecutor: maxTasksPerChild', () => {
  test('recycles each child after N tasks (counted by pid)', bounded, async () => {
    await using pool = new ProcessPoolExecutor({ maxWorkers: 1, maxTasksPerChild: 3 });
    const pids = await Promise.all(Array.from({ length: 9 }, () => pool.submit(pid)));
    const counts = tally(pids);
    assert.equal(counts.size, 3, `three children, got ${[...counts.keys()]}`);
    for (const [child, n] of counts) assert.equal(n, 3, `child ${child} ran 3 tasks`);
  });

  test('maxTasksPerChild: 1 with more tasks than children never hangs (gh-115634)', bounded, async () => {
    await using pool = new ProcessPoolExecutor({ maxWorkers: 2, maxTasksPerChild: 1 });
    const results = await pool.map(square, [1, 2, 3, 4, 5, 6, 7]).toArray();
    assert.deepEqual(results, [1, 4, 9, 16, 25, 36, 49]);
    const pids = await Promise.all(Array.from({ length: 5 }, () => pool.submit(pid)));
    assert.equal(new Set(pids).size, 5, 'each task ran in its own child');
  });
});

describe('ProcessPoolExecutor: no child outlives its use', () => {
  test('shutdown() leaves no child process behind', bounded, async () => {
    const pool = new ProcessPoolExecutor({ maxWorkers: 2 });
    const pids = await Promise.all([pool.submit(pid), pool.submit(pid), pool.submit(pid)]);
    await pool.shutdown();
    for (const child of new Set(pids)) assert.equal(isAlive(child), false, `child ${child} is gone`);
    assert.equal(pool.stats().workers, 0);
  });

  test('shutdown({ timeout }) ends a task that never finishes, and its child', bounded, async () => {
    const pool = new ProcessPoolExecutor({ maxWorkers: 1, cancelGrace: 100 });
    const child = await pool.submit(pid);
    const stuck = pool.submit(spin, 600_000);
    await pool.shutdown({ timeout: 100 });
    await assert.rejects(stuck.result(), /shut down/);
    assert.equal(isAlive(child), false, 'the child is gone');
  });

  test('when the parent is SIGKILLed its children exit', bounded, async () => {
    const script = fileURLToPath(new URL('../fixtures/process-parent.ts', import.meta.url));
    const parent = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const killer = setTimeout(() => parent.kill('SIGKILL'), 30_000);
    let out = '';
    parent.stdout.setEncoding('utf8');
    for await (const chunk of parent.stdout) {
      out += chunk;
      if (out.includes('\n')) break;
    }
    const pids = JSON.parse(out) as number[];
    assert.equal(pids.length, 2);
    for (const child of pids) assert.equal(isAlive(child), true, `child ${child} runs before the kill`);
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    clearTimeout(killer);
    assert.equal(await allGone(pids, 10_000), true, `children ${pids} exited with their parent`);
  });

  test('idle children do not keep the parent alive', bounded, async () => {
    const script = fileURLToPath(new URL('../fixtures/forgets-process-shutdown.ts', import.meta.url));
    const { code, stdout: out } = await runNode([script]);
    assert.equal(code, 0, 'the script exited on its own (not killed)');
    assert.match(out, /square: 144/);
  });
});

describe('ProcessPoolExecutor: cancellation', () => {
  test(
    'aborting a running async task aborts its signal in the child; the child is kept',
    bounded,
    async () => {
      await using pool = new ProcessPoolExecutor({ maxWorkers: 1 });
      const before = await pool.submit(pid);
      const controller = new AbortController();
      const f = pool.submitWith({ signal: controller.signal }, sleepFor, 60_000);
      const queued = pool.submit(square, 3);
      assert.equal(queued.cancel(), true, 'a task still in the queue can be cancelled');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(f.running(), true, 'a task sent to a child is RUNNING (Python rule)');
      assert.equal(f.cancel(), false, 'a running task cannot be cancelled');
      controller.abort();
      await assert.rejects(f.result(), /abort|cancel/i);
      assert.equal(await pool.submit(pid), before, 'the same child takes the next task');
      assert.equal(queued.cancelled(), true);
    },
  );
});
