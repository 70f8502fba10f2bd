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

describe('URL examples (against a local server the example starts)', () => {
  test('week 4 URL checker: every URL reported once, as completed, OK or FAIL', {
    timeout: 60_000,
  }, async () => {
    const lines = (await example('week4-url-checker.ts')).trim().split('\n');
    assert.equal(lines.length, 5, lines.join('\n'));
    const parsed = lines.map((l) => /^\[(OK|FAIL)\] (\S+) {2}\((\d+\.\d\d)s\)$/.exec(l));
    assert.ok(
      parsed.every((m) => m !== null),
      `every line is "[OK|FAIL] url  (s)": ${lines.join(' | ')}`,
    );
    const byPath = new Map(parsed.map((m) => [new URL(m![2]!).pathname, m![1]]));
    for (const page of ['/www.python.org', '/docs.python.org', '/pypi.org']) {
      assert.equal(byPath.get(page), 'OK', page);
    }
    assert.equal(byPath.get('/down'), 'FAIL', 'a 503 is a failure');
    assert.equal(byPath.get('/unreachable'), 'FAIL', 'an unreachable site is a failure');
  });

  test('chapter 13 exercise 3: five URLs fetched by the pool, printed in input order', {
    timeout: 60_000,
  }, async () => {
    const lines = (await example('chapter13-fetch-urls.ts')).trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.replace(/^http:\/\/127\.0\.0\.1:\d+/, '')),
      ['a', 'b', 'c', 'd', 'e'].map((p) => `/${p}.html 200 ${`<html>/${p}.html</html>`.length}`),
    );
  });
});
