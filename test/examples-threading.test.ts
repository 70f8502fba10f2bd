import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runExample } from './helpers/run-example.ts';

const example = runExample;

describe('threading examples from the seed chapters', () => {
  test('chapter 13: three threads print starting and done', { timeout: 90_000 }, async () => {
    const lines = (await example('chapter13-threads.ts')).trim().split('\n');
    assert.equal(lines.length, 6, `six lines: ${lines.join(' | ')}`);
    for (const n of [0, 1, 2]) {
      const started = lines.indexOf(`Thread ${n} starting`);
      const done = lines.indexOf(`Thread ${n} done`);
      assert.ok(started >= 0 && done > started, `thread ${n} starts, then ends: ${lines.join(' | ')}`);
    }
  });

  test('chapter 13 safe_increment and exercise 1: the locked counter is exact', {
    timeout: 90_000,
  }, async () => {
    const [locked, unlocked] = (await example('chapter13-safe-increment.ts')).trim().split('\n');
    assert.equal(locked, 'with the lock: 10000 of 10000');
    const count = Number(/^without the lock: (\d+) of 1000000$/.exec(unlocked ?? '')?.[1]);
    assert.ok(count > 0 && count <= 1_000_000, `an unlocked count within bounds: ${unlocked}`);
  });

  test('week 4: two threads × 10,000 locked increments → 20000', { timeout: 90_000 }, async () => {
    assert.equal(await example('week4-locked-counter.ts'), '20000\n');
  });

  test('week 4: fetch threads write their results by index', { timeout: 90_000 }, async () => {
    assert.equal(
      await example('week4-fetch-threads.ts'),
      "[\n  'data from http://a.com',\n  'data from http://b.com',\n  'data from http://c.com'\n]\n",
    );
  });
});
