import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spindle } from './run-cli.ts';

/** n! the plain way, to check the parallel ones against. */
function factorial(n: number): bigint {
  let p = 1n;
  for (let i = 2; i <= n; i++) p *= BigInt(i);
  return p;
}

describe('spindle crunch', { timeout: 120_000 }, () => {
  for (const [backend, to, count] of [
    ['serial', '10^6', '78,498'],
    ['threads', '1e7', '664,579'],
    ['processes', '1e7', '664,579'],
  ] as const) {
    test(`primes on ${backend}: a known count is verified`, async () => {
      const r = await spindle(['crunch', 'primes', '--to', to, '--backend', backend, '--workers', '2']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^π\\([\\d,]+\\) = ${count}  verified$`, 'm'), r.stdout);
      assert.match(r.stdout, new RegExp(`^${backend} +(1|2) +`, 'm'), `a row for ${backend}`);
    });
  }

  test('primes --json: an N outside the table is computed and marked unverified', async () => {
    const r = await spindle(['crunch', 'primes', '--to', '1_234_567', '--workers', '2', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.count, 95_360, 'π(1,234,567)');
    assert.equal(report.status, 'unverified');
    assert.equal(report.runs[0].backend, 'threads');
    assert.ok(report.runs[0].wallMs > 0 && report.runs[0].cpuMs >= 0, 'times are reported');
  });

  test('usage errors exit 2 with one line', async () => {
    const cases = [
      ['primes', '--to', 'lots'],
      ['primes', '--to', '0'],
      ['primes', '--to', '1e6', '--backend', 'gpu'],
      ['primes', '--to', '1e6', '--workers', '0'],
      ['primes', '--to', '1e6', '--workers', 'two'],
      ['primes'],
      ['factorials', '--from', '10', '--to', '5'],
      [],
    ];
    const results = await Promise.all(cases.map((args) => spindle(['crunch', ...args])));
    for (const [i, r] of results.entries()) {
      assert.equal(r.code, 2, `crunch ${cases[i]!.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '', 'nothing on stdout');
      assert.match(r.stderr, /^(spindle|error):/m, `one clear line: ${r.stderr}`);
    }
  });

  test('--compare prints a table of every backend, rated unless the box was busy', async () => {
    const r = await spindle(['crunch', '--compare', '--to', '1e7', '--workers', '2']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'π(10,000,000) = 664,579  verified');
    // This shared box is often busy, and then the speedups are withheld with a note instead.
    const busy = /^note: the machine was busy with other work \(.+\), so no speedup is shown/.test(
      lines.at(-1)!,
    );
    const rating = busy ? '' : ' +\\d+\\.\\d\\d× +\\d+%';
    assert.equal(lines.length, busy ? 6 : 5, r.stdout);
    assert.match(
      lines[1]!,
      new RegExp(`^backend +workers +wall ms +cpu ms +start-up ms${busy ? '' : ' +speedup +efficiency'}$`),
    );
    assert.match(
      lines[2]!,
      new RegExp(`^serial +1 +[\\d,]+ +[\\d,]+ +0${busy ? '' : ' +1\\.00× +100%'}$`),
      lines[2],
    );
    assert.match(lines[3]!, new RegExp(`^threads +2 +[\\d,]+ +[\\d,]+ +[\\d,]+${rating}$`), lines[3]);
    assert.match(lines[4]!, new RegExp(`^processes +2 +[\\d,]+ +[\\d,]+ +[\\d,]+${rating}$`), lines[4]);
  });

  test('--compare --json parses, with one run per backend', async () => {
    const r = await spindle(['crunch', '--compare', '--to', '1e6', '--workers', '2', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.status, 'verified');
    assert.deepEqual(
      report.runs.map((run: { backend: string }) => run.backend),
      ['serial', 'threads', 'processes'],
    );
    const busy = report.busy !== undefined;
    if (busy) assert.ok(report.busy.length > 0, 'a busy report says why');
    for (const run of report.runs) {
      assert.equal(run.count, 78_498, `${run.backend} count`);
      if (busy) assert.equal(run.speedup, undefined, `${run.backend} is not rated on a busy box`);
      else assert.ok(run.speedup > 0 && run.efficiency > 0, `${run.backend} is rated`);
    }
  });

  test('factorials match a serial BigInt product, in order', async () => {
    const r = await spindle(['crunch', 'factorials', '--from', '0', '--to', '40', '--workers', '2']);
    assert.equal(r.code, 0, r.stderr);
    const expected = Array.from({ length: 41 }, (_, n) => `${n}! = ${factorial(n)}`);
    assert.deepEqual(r.stdout.trim().split('\n'), expected);
    const big = await spindle([
      'crunch',
      'factorials',
      '--from',
      '300',
      '--to',
      '302',
      '--backend',
      'serial',
    ]);
    assert.equal(big.stdout.trim().split('\n')[2], `302! = ${factorial(302)}`);
  });

  test('factorials --summary --json: digits and leading digits of big values', async () => {
    const r = await spindle([
      'crunch',
      'factorials',
      '--from',
      '1000',
      '--to',
      '1001',
      '--summary',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const { results } = JSON.parse(r.stdout);
    for (const [i, n] of [1000, 1001].entries()) {
      const text = factorial(n).toString();
      assert.equal(results[i].digits, text.length, `${n}! digits`);
      assert.equal(results[i].leading, text.slice(0, 12), `${n}! leading digits`);
      assert.match(results[i].sha256, /^[0-9a-f]{16}$/);
    }
  });

  test('--help shows examples', async () => {
    const cases = [['crunch'], ['crunch', 'primes'], ['crunch', 'factorials']];
    const results = await Promise.all(cases.map((args) => spindle([...args, '--help'])));
    for (const [i, r] of results.entries()) {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Examples:\n +\$ spindle crunch/, `${cases[i]!.join(' ')} --help`);
    }
  });
});
