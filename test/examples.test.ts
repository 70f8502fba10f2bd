import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runExample } from './helpers/run-example.ts';

const example = runExample;

describe('examples from the seed chapters', () => {
  test('chapter 13: ThreadPoolExecutor and ProcessPoolExecutor map(square, range(5))', async () => {
    assert.equal(
      await example('chapter13-executors.ts'),
      'Threads: [ 0, 1, 4, 9, 16 ]\nProcesses: [ 0, 1, 4, 9, 16 ]\n',
    );
  });

  test('week 4: 8 simulated downloads with submit + result()', async () => {
    const out = await example('week4-downloads.ts');
    const lines = out.trim().split('\n');
    assert.deepEqual(
      lines.slice(0, 8),
      Array.from({ length: 8 }, (_, i) => `result:http://site${i}.com`),
    );
    assert.equal(lines[8], '8 downloads done');
  });

  test('week 4: is_prime over range(1000) on a ProcessPoolExecutor', async () => {
    assert.equal(
      await example('week4-is-prime.ts'),
      '168 primes below 1000; the last five: 971, 977, 983, 991, 997\n',
    );
  });

  test('main job: serial and pool counts agree and match π(N)', async () => {
    const out = await example('count-primes.ts', '10000000', '--workers', '2');
    assert.match(out, /serial: +664579 primes/);
    assert.match(out, /thread pool \(2\): 664579 primes/);
    assert.match(out, /checked: π\(10,000,000\) = 664579/);
  });
});
