import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verify } from '../../src/cli/crunch/known-counts.ts';
import { parseInteger } from '../../src/cli/crunch/parse.ts';
import { basePrimes, primeCount, SEGMENT_BYTES, sieveBytes, survivors } from '../../src/cli/crunch/sieve.ts';

/** π(n) by the plainest sieve there is, to check the fast one against. */
function plainPi(n: number): number {
  const composite = new Uint8Array(n + 1);
  let count = 0;
  for (let i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    for (let m = i * i; m <= n; m += i) composite[m] = 1;
  }
  return count;
}

const fastPi = (n: number) => primeCount(n, survivors(0, sieveBytes(n), basePrimes(n), n));

describe('crunch sieve', { timeout: 60_000 }, () => {
  test('matches a plain sieve for every n up to 3000 and around segment edges', () => {
    for (let n = 0; n <= 3000; n++) assert.equal(fastPi(n), plainPi(n), `π(${n})`);
    const edge = 30 * SEGMENT_BYTES;
    for (const n of [edge - 31, edge - 1, edge, edge + 1, edge + 29, 2 * edge + 7, 5_000_000]) {
      assert.equal(fastPi(n), plainPi(n), `π(${n})`);
    }
  });

  test('pieces cut anywhere add up to the whole', () => {
    const n = 12_345_678;
    const primes = basePrimes(n);
    const total = sieveBytes(n);
    const cuts = [0, 1, 999, SEGMENT_BYTES, SEGMENT_BYTES + 3, 200_000, total];
    let sum = 0;
    for (let i = 0; i + 1 < cuts.length; i++) sum += survivors(cuts[i]!, cuts[i + 1]!, primes, n);
    assert.equal(primeCount(n, sum), plainPi(n), 'sum of pieces');
  });

  test('known counts: verified, unverified, wrong', () => {
    assert.deepEqual(verify(1e7, 664_579), { status: 'verified', expected: 664_579 });
    assert.deepEqual(verify(12_345, 1474), { status: 'unverified' });
    assert.deepEqual(verify(1e9, 50_847_533), { status: 'wrong', expected: 50_847_534 });
  });

  test('N is written as 1e9, 10^9, 1_000_000_000 or 1,000,000,000', () => {
    for (const text of ['1e9', '10^9', '1_000_000_000', '1,000,000,000', '1000000000']) {
      assert.equal(parseInteger(text, '--to', 1, 1e12), 1e9, text);
    }
    for (const text of ['', 'abc', '1.5', '-3', '0', '1e13', '10^x']) {
      assert.throws(() => parseInteger(text, '--to', 1, 1e12), /--to must be an integer/, text);
    }
  });
});
