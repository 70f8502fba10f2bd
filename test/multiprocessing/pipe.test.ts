import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { EOFError, TimeoutError } from '../../src/index.ts';
import { Pipe, Process } from '../../src/multiprocessing/index.ts';
import { consumer, doubler, producer } from '../fixtures/mp-tasks.ts';
import { bounded, tempFile } from './helpers.ts';

describe('Pipe within one process', () => {
  test('send/recv copy values; poll reports what is waiting', bounded, async () => {
    const [a, b] = Pipe();
    assert.equal(await a.poll(), false);
    const value = { n: 1, when: new Date(0) };
    b.send(value);
    value.n = 2;
    assert.equal(await a.poll(), true);
    assert.deepEqual(await a.recv(), { n: 1, when: new Date(0) });
    a.send('back');
    assert.equal(await b.recv(), 'back');
  });

  test('recv honours timeout and signal; poll(timeout) waits for a message', bounded, async () => {
    const [a, b] = Pipe();
    await assert.rejects(a.recv({ timeout: 20 }), TimeoutError);
    await assert.rejects(a.recv({ signal: AbortSignal.abort() }), /abort/i);
    setTimeout(() => b.send(42), 20);
    assert.equal(await a.poll(10_000), true);
    assert.equal(await a.recv(), 42);
  });

  test('closing one end: the other reads what is left, then EOFError', bounded, async () => {
    const [a, b] = Pipe();
    b.send(1);
    b.close();
    assert.equal(await a.recv(), 1);
    await assert.rejects(a.recv(), EOFError);
    assert.throws(() => a.send(2), /closed/);
    assert.throws(() => b.send(2), /closed/);
  });

  test('duplex: false gives a receive-only and a send-only end', () => {
    const [reader, writer] = Pipe({ duplex: false });
    assert.equal(reader.writable, false);
    assert.equal(writer.readable, false);
    assert.throws(() => reader.send(1), /only receives/);
    assert.rejects(writer.recv(), /only sends/);
  });
});

describe('Pipe between processes', () => {
  test('parent and child talk both ways over one pipe', bounded, async () => {
    const [parentEnd, childEnd] = Pipe();
    const p = new Process({ target: doubler, args: [childEnd] });
    p.start();
    assert.throws(() => childEnd.send(1), /sent to Process/);
    assert.equal(await parentEnd.recv({ timeout: 20_000 }), `ready in ${p.pid}`);
    for (const n of [1, 2, 3]) {
      parentEnd.send(n);
      assert.equal(await parentEnd.recv({ timeout: 20_000 }), n * 2);
    }
    parentEnd.send('stop');
    await p.join();
    assert.equal(p.exitCode, 0);
    await assert.rejects(
      parentEnd.recv({ timeout: 20_000 }),
      EOFError,
      'the child end closed with its process',
    );
  });

  test('messages sent before the child starts listening are not lost', bounded, async () => {
    const [parentEnd, childEnd] = Pipe();
    const p = new Process({ target: doubler, args: [childEnd] });
    p.start();
    parentEnd.send(5);
    parentEnd.send('stop');
    assert.match(String(await parentEnd.recv({ timeout: 20_000 })), /^ready/);
    assert.equal(await parentEnd.recv({ timeout: 20_000 }), 10);
    await p.join();
  });

  test('two children connected by a pipe (the parent routes)', bounded, async (t) => {
    const file = tempFile(t, 'sum.txt');
    const [out, into] = Pipe();
    const a = new Process({ target: producer, args: [out] });
    const b = new Process({ target: consumer, args: [into, file] });
    b.start();
    a.start();
    await Promise.all([a.join(), b.join()]);
    assert.deepEqual([a.exitCode, b.exitCode], [0, 0]);
    assert.equal(readFileSync(file, 'utf8'), '6');
  });
});
