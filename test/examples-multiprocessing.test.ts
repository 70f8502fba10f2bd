import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runExample } from './helpers/run-example.ts';

const example = runExample;

describe('multiprocessing examples from the seed chapters', () => {
  test('chapter 13 §2: two Processes started and joined, then Pool(4).map', async () => {
    const lines = (await example('chapter13-multiprocessing.ts')).trim().split('\n');
    assert.equal(lines.length, 5);
    assert.deepEqual(lines.slice(0, 4).sort(), [
      'Process 0 done',
      'Process 0 starting',
      'Process 1 done',
      'Process 1 starting',
    ]);
    for (const n of [0, 1]) {
      assert.ok(
        lines.indexOf(`Process ${n} starting`) < lines.indexOf(`Process ${n} done`),
        `process ${n} starts before it is done`,
      );
    }
    assert.equal(lines[4], '[ 1, 4, 9, 16 ]');
  });

  test('chapter 13 exercise 2: factorials of 1–10 on a process pool', async () => {
    const out = await example('chapter13-factorials.ts');
    const expected = [1, 2, 6, 24, 120, 720, 5040, 40320, 362880, 3628800].map((f, i) => `${i + 1}! = ${f}`);
    assert.deepEqual(out.trim().split('\n'), expected);
  });
});
