import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { busyReasons } from '../../src/cli/crunch/busy.ts';
import type { PrimesRun } from '../../src/cli/crunch/primes-job.ts';

function run(backend: PrimesRun['backend'], workers: number, wallMs: number, cpuMs: number): PrimesRun {
  return { backend, workers, count: 1, pieces: 1, wallMs, cpuMs, startMs: 0 };
}

describe('crunch --compare: was the box busy?', () => {
  test('a serial run with a whole CPU and honest parallel runs are trusted', () => {
    const runs = [run('serial', 1, 1000, 980), run('threads', 2, 520, 1990), run('processes', 2, 560, 2000)];
    assert.deepEqual(busyReasons(runs), []);
  });

  test('a serial run that got a fraction of a CPU makes the comparison untrustworthy', () => {
    const runs = [run('serial', 1, 1000, 400), run('threads', 2, 600, 1000)];
    assert.deepEqual(busyReasons(runs), ['serial ran on 40% of a CPU']);
  });

  test('an efficiency above 100% is named, per backend', () => {
    const runs = [run('serial', 1, 1000, 990), run('threads', 2, 300, 600), run('processes', 2, 510, 990)];
    assert.deepEqual(busyReasons(runs), ['threads: efficiency 167%']);
  });

  test('without a serial run there is nothing to compare with', () => {
    assert.deepEqual(busyReasons([run('threads', 2, 300, 600)]), []);
  });
});
