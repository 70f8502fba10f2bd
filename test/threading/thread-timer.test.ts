import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Thread, Timer } from '../../src/threading/index.ts';
import { bump, cancelTimer } from '../fixtures/thread-tasks.ts';

const word = () => new Int32Array(new SharedArrayBuffer(4));

describe('Timer', () => {
  it('runs the target after the interval', { timeout: 30_000 }, async () => {
    const counter = word();
    const timer = new Timer(50, bump, [counter]);
    timer.start();
    await timer.join();
    assert.equal(counter[0], 1);
  });

  // The interval is far longer than the test's time bound: only a working cancel ends it in time.
  it('cancel() before it fires: the target never runs and the timer ends at once', {
    timeout: 20_000,
  }, async () => {
    const counter = word();
    const timer = new Timer(600_000, bump, [counter]);
    timer.start();
    await timer.join({ timeout: 50 });
    assert.equal(timer.isAlive(), true, 'waiting out its interval');
    timer.cancel();
    await timer.join();
    assert.equal(counter[0], 0);
  });

  it('cancel() before start(): the target never runs', { timeout: 20_000 }, async () => {
    const counter = word();
    const timer = new Timer(0, bump, [counter]);
    timer.cancel();
    timer.start();
    await timer.join();
    assert.equal(counter[0], 0);
  });

  it('another thread can cancel it (it arrives as a Timer)', { timeout: 20_000 }, async () => {
    const counter = word();
    const timer = new Timer(600_000, bump, [counter]);
    timer.start();
    const canceller = new Thread({ target: cancelTimer, args: [timer] });
    canceller.start();
    await canceller.join();
    assert.equal(canceller.error, undefined);
    await timer.join();
    assert.equal(counter[0], 0);
  });

  it('checks its interval; its args are typed from the target', { timeout: 5_000 }, () => {
    const args: [Int32Array] = [new Int32Array(new SharedArrayBuffer(4))];
    assert.throws(() => new Timer(-1, bump, args), RangeError);
    assert.throws(() => new Timer(Number.POSITIVE_INFINITY, bump, args), RangeError);
    assert.throws(() => new Timer(undefined, bump, args), RangeError);
    // @ts-expect-error bump(counter: Int32Array) does not take a string
    assert.throws(() => new Timer(-1, bump, ['x']), RangeError);
  });
});
