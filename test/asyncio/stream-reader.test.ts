import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IncompleteReadError, LimitOverrunError, StreamReader } from '../../src/asyncio/index.ts';
import { CancelledError, SpindleError, TimeoutError } from '../../src/errors.ts';
import { flush, isSettled, prng, safetyNet } from './helpers.ts';

const fed = (...chunks: string[]) => {
  const reader = new StreamReader(16);
  for (const c of chunks) reader.feedData(Buffer.from(c));
  return reader;
};

describe('StreamReader', () => {
  test('read(n) returns what is there, up to n; read() reads to EOF', safetyNet, async () => {
    const reader = fed('hello');
    assert.equal((await reader.read(3)).toString(), 'hel');
    assert.equal((await reader.read(100)).toString(), 'lo');
    const pending = reader.read(10);
    assert.equal(await isSettled(pending), false, 'an empty reader waits');
    reader.feedData(Buffer.from('more'));
    assert.equal((await pending).toString(), 'more');
    const all = reader.read();
    reader.feedData(Buffer.from('a'));
    reader.feedData(Buffer.from('b'));
    reader.feedEof();
    assert.equal((await all).toString(), 'ab');
    assert.equal(reader.atEof(), true);
    assert.equal((await reader.read(5)).length, 0, 'EOF gives an empty buffer');
  });

  test('readexactly short at EOF throws IncompleteReadError with the partial bytes', safetyNet, async () => {
    const reader = fed('abc');
    reader.feedEof();
    const error = await reader.readexactly(5).catch((e: unknown) => e);
    assert.ok(error instanceof IncompleteReadError, 'IncompleteReadError');
    assert.equal(error.partial.toString(), 'abc');
    assert.equal(error.expected, 5);
    assert.equal(error.code, 'ERR_INCOMPLETE_READ');
    assert.equal(reader.atEof(), true, 'the partial bytes were consumed');
  });

  test('readuntil and readline; a line past the limit throws LimitOverrunError', safetyNet, async () => {
    const reader = fed('one\ntwo\r\n', 'x'.repeat(20), '\nlast');
    assert.equal((await reader.readline()).toString(), 'one\n');
    assert.equal((await reader.readuntil('\r\n')).toString(), 'two\r\n');
    await assert.rejects(reader.readline(), LimitOverrunError);
    reader.feedEof();
    assert.equal((await reader.readline()).toString(), 'last', 'the long line was dropped, the rest kept');
    assert.equal((await reader.readline()).length, 0);
  });

  test('readuntil keeps the data when the separator is missing past the limit', safetyNet, async () => {
    const reader = fed('y'.repeat(40));
    const error = await reader.readuntil('\n').catch((e: unknown) => e);
    assert.ok(error instanceof LimitOverrunError, 'LimitOverrunError');
    assert.equal(reader.buffered, 40);
    reader.feedEof();
    await assert.rejects(reader.readuntil('\n'), LimitOverrunError);
  });

  test('async iteration yields lines, the last partial one included', safetyNet, async () => {
    const reader = fed('a\nb\n', 'c');
    reader.feedEof();
    const lines: string[] = [];
    for await (const line of reader) lines.push(line.toString());
    assert.deepEqual(lines, ['a\n', 'b\n', 'c']);
  });

  test('reads take timeout and signal and consume nothing when they give up', safetyNet, async () => {
    const reader = fed('part');
    await assert.rejects(reader.readexactly(10, { timeout: 5 }), TimeoutError);
    const controller = new AbortController();
    const aborted = reader.readline({ signal: controller.signal });
    controller.abort();
    await assert.rejects(aborted, CancelledError);
    assert.equal(reader.buffered, 4);
    assert.equal((await reader.read(4)).toString(), 'part');
  });

  test(
    'one read at a time; an error set on the stream fails reads; bad input throws',
    safetyNet,
    async () => {
      const reader = new StreamReader();
      const first = reader.read(1);
      await flush();
      assert.throws(
        () => reader.read(1),
        (e: unknown) => e instanceof SpindleError && e.code === 'ERR_CONCURRENT_READ',
      );
      const reset = new Error('ECONNRESET');
      reader.setException(reset);
      await assert.rejects(first, (e) => e === reset);
      assert.throws(() => reader.read(-2), RangeError);
      assert.throws(() => reader.readuntil(''), RangeError);
      assert.throws(() => new StreamReader(0), RangeError);
    },
  );

  test('after setException every read fails, even with bytes still buffered', safetyNet, async () => {
    const reader = fed('abc\ndef');
    const reset = new Error('ECONNRESET');
    reader.setException(reset);
    assert.equal(reader.buffered, 7);
    const isReset = (e: unknown) => e === reset;
    await assert.rejects(reader.read(2), isReset);
    await assert.rejects(reader.read(0), isReset);
    await assert.rejects(reader.read(), isReset);
    await assert.rejects(reader.readexactly(1), isReset);
    await assert.rejects(reader.readuntil('\n'), isReset);
    await assert.rejects(reader.readline(), isReset);
    assert.equal(reader.buffered, 7, 'nothing was consumed');
  });

  test('randomly chunked input gives the same lines (randomized)', safetyNet, async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rand = prng(seed);
      const lines = Array.from({ length: 1 + rand.int(20) }, () => `${'z'.repeat(rand.int(12))}\n`);
      const text = lines.join('');
      const reader = new StreamReader(64);
      const got: string[] = [];
      const consumer = (async () => {
        for await (const line of reader) got.push(line.toString());
      })();
      for (let i = 0; i < text.length; ) {
        const n = 1 + rand.int(10);
        reader.feedData(Buffer.from(text.slice(i, i + n)));
        i += n;
        if (rand.int(2)) await flush();
      }
      reader.feedEof();
      await consumer;
      assert.deepEqual(got, lines, `seed ${seed}`);
    }
  });
});
