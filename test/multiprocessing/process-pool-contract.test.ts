import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProcessPoolExecutor, SpindleError, TaskDefinitionError } from '../../src/index.ts';
import { pid } from '../fixtures/process-tasks.ts';
import { add, echo, fail, isPrime, square } from '../fixtures/tasks.ts';
import { bounded } from './helpers.ts';

describe('ProcessPoolExecutor: the Executor contract', () => {
  test('submit, inline functions, and results that survive structured clone', bounded, async () => {
    await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
    assert.equal(await pool.submit(square, 12), 144);
    assert.equal(await pool.submit((a: number, b: number) => a * b, 6, 7), 42);
    const value = { when: new Date(0), map: new Map([[1, 'a']]), ints: Int32Array.of(1, 2), big: 10n };
    assert.deepEqual(await pool.submit(echo, value), value);
    assert.notEqual(await pool.submit(pid), process.pid, 'tasks run in another process');
  });

  test('an error thrown in a task keeps its class, code and cause', bounded, async () => {
    await using pool = new ProcessPoolExecutor({ maxWorkers: 1 });
    const error = await pool.submit(fail, 'boom').exception();
    assert.ok(error instanceof SpindleError, String(error));
    assert.equal(error.code, 'ERR_APP');
    assert.equal(error.message, 'boom');
    assert.ok(error.cause instanceof RangeError, String(error.cause));
  });

  test('a closure fails with an error that says so', bounded, async () => {
    await using pool = new ProcessPoolExecutor({ maxWorkers: 1 });
    const k = 3;
    const error = await pool.submit((x: number) => x * k, 2).exception();
    assert.ok(error instanceof TaskDefinitionError, String(error));
    assert.match(error.message, /closures cannot cross/);
  });

  test('map is ordered, lazy and honours chunksize', bounded, async () => {
    await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    const primes = await pool.map(isPrime, range(1000), { chunksize: 50 }).toArray();
    assert.equal(primes.filter(Boolean).length, 168);
    assert.deepEqual(await pool.map(square, range(5)).toArray(), [0, 1, 4, 9, 16]);
    const stats = pool.stats();
    assert.equal(stats.failed, 0);
    assert.ok(stats.completed >= 25, `chunks and calls were counted, got ${stats.completed}`);
  });

  test('map over several iterables stops at the shortest', bounded, async () => {
    await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
    assert.deepEqual(
      await pool.map(add, [1, 2, 3, 4], [10, 20, 30], { bufferSize: 1 }).toArray(),
      [11, 22, 33],
    );
  });

  test('shared memory as an argument fails at submit, naming the Manager', bounded, async () => {
    await using pool = new ProcessPoolExecutor({ maxWorkers: 1 });
    const shared = new SharedArrayBuffer(8);
    assert.throws(() => pool.submit(echo, shared), /SharedArrayBuffer.*process boundary.*Manager/s);
    assert.throws(
      () => pool.submit(echo, { counters: new Int32Array(shared) }),
      (error: Error) => error instanceof TypeError && /argument 1\.counters/.test(error.message),
    );
    await assert.rejects(pool.map(echo, [[shared]]).toArray(), /process boundary/);
    assert.throws(() => new ProcessPoolExecutor({ initargs: [shared] }), /process boundary/);
    assert.equal(pool.stats().queued, 0, 'nothing was queued');
  });

  test('options are validated at construction', () => {
    assert.throws(() => new ProcessPoolExecutor({ maxTasksPerChild: 0 }), RangeError);
    assert.throws(() => new ProcessPoolExecutor({ maxOldSpaceSizeMb: -1 }), RangeError);
    assert.throws(() => new ProcessPoolExecutor({ execArgv: 'x' as never }), TypeError);
    assert.throws(() => new ProcessPoolExecutor({ maxWorkers: 0 }), RangeError);
  });

  test('env and execArgv reach the child', bounded, async () => {
    await using pool = new ProcessPoolExecutor({
      maxWorkers: 1,
      env: { ...process.env, SPINDLE_TEST_VAR: 'hello' },
      execArgv: [...process.execArgv.filter((a) => !a.startsWith('--test')), '--no-warnings'],
    });
    const seen = await pool.submit(() => [
      process.env.SPINDLE_TEST_VAR,
      process.execArgv.includes('--no-warnings'),
    ]);
    assert.deepEqual(seen, ['hello', true]);
  });
});
