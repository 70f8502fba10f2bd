/**
 * A program that defines its tasks in its main script and starts a pool at its top level: the
 * workers that import the script to find the task would each start a pool of their own, without
 * end (a whole-process out-of-memory crash before the guard). The pool's constructor refuses
 * inside that import, so the call fails with ERR_POOL_IN_MAIN_IMPORT; the guarded program runs.
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

describe('a pool started at the top level of the main script that defines its tasks', () => {
  for (const pool of ['thread', 'process']) {
    test(`${pool} pool: the call fails with ERR_POOL_IN_MAIN_IMPORT, the program ends normally`, () => {
      const r = run({ POOL: pool });
      assert.equal(r.status, 0, `exit ${r.status} ${r.signal ?? ''}\n${r.stderr}`);
      assert.match(r.stdout, /cause ERR_POOL_IN_MAIN_IMPORT/);
    });
  }

  test('guarded by isMainThread, the same program runs', () => {
    const r = run({ GUARD: '1' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /result 42/);
  });
});
