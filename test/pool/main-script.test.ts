/**
 * A program that defines its tasks in its main script and starts workers at its top level: the
 * workers that import the script to find the task would each start workers of their own,
 * without end (a whole-process out-of-memory crash, or a fork bomb for processes, before the
 * guard). Pools, Process and Thread refuse to start inside that import (ERR_POOL_IN_MAIN_IMPORT),
 * so the call fails with a message naming the fix; the guarded program runs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../fixtures/main-script-pool.ts', import.meta.url));

function run(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('workers started at the top level of the main script that defines their tasks', () => {
  for (const start of ['thread-pool', 'process-pool']) {
    test(`${start}: the call fails with ERR_POOL_IN_MAIN_IMPORT and the program ends normally`, () => {
      const r = run({ START: start });
      assert.equal(r.status, 0, `exit ${r.status} ${r.signal ?? ''}\n${r.stderr}`);
      assert.match(r.stdout, /cause ERR_POOL_IN_MAIN_IMPORT/);
    });
  }

  test('Process: the child fails (exit code 1) naming ERR_POOL_IN_MAIN_IMPORT; no grandchildren', () => {
    const r = run({ START: 'process' });
    assert.equal(r.status, 0, `exit ${r.status} ${r.signal ?? ''}\n${r.stderr}`);
    assert.match(r.stdout, /exit code 1/);
    assert.match(
      r.stderr,
      /a Process \(Process-1\) was started while a worker imported the program's main script/,
    );
  });

  test('Thread: the thread fails with ERR_POOL_IN_MAIN_IMPORT', () => {
    const r = run({ START: 'thread' });
    assert.equal(r.status, 0, `exit ${r.status} ${r.signal ?? ''}\n${r.stderr}`);
    assert.match(r.stdout, /thread error ERR_POOL_IN_MAIN_IMPORT/);
  });

  for (const start of ['thread-pool', 'process-pool', 'process', 'thread']) {
    test(`${start}, guarded by isMainThread: the same program runs`, () => {
      const r = run({ START: start, GUARD: '1' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /result 42/);
    });
  }
});
