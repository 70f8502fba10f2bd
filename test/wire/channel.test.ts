/**
 * The shared-memory channel: batches come out in the order they went in, whichever path each
 * took (the ring, or the port for transfers, values the ring refuses, and a full ring), across
 * many wraps of the ring; and a receiver asleep in another thread is woken by every send.
 */
import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import { MessageChannel, Worker } from 'node:worker_threads';
import { createChannelBuffer } from '../../src/wire/channel-layout.ts';
import { ChannelReceiver } from '../../src/wire/channel-receiver.ts';
import { ChannelSender } from '../../src/wire/channel-sender.ts';
import type { Batch } from '../../src/wire/outbox.ts';

function pair() {
  const { port1, port2 } = new MessageChannel();
  const buffer = createChannelBuffer();
  return {
    sender: new ChannelSender(buffer, port1),
    receiver: new ChannelReceiver(buffer, port2),
    port1,
    port2,
  };
}

const batch = (n: number, ...values: unknown[]): Batch => [Int32Array.of(n, n * 2), values];

describe('shared-memory channel', () => {
  test('keeps order across the ring and the port, and through many wraps', () => {
    const { sender, receiver, port1 } = pair();
    const sent: unknown[][] = [];
    const taken: unknown[][] = [];
    const drain = () => receiver.drain(([ints, values]) => taken.push([...ints, ...values]));
    let n = 0;
    const send = (values: unknown[], transfer: ArrayBuffer[] = []) => {
      sender.send(batch(n, ...values), transfer);
      sent.push([n, n * 2, ...values]);
      n++;
    };
    for (let round = 0; round < 400; round++) {
      send([round, `text ${round}`, { round, list: [round, -0.5] }]);
      send([new Map([[round, round]])]); // refused by the ring: the port
      const bytes = new ArrayBuffer(8);
      send([bytes], [bytes]); // a transfer: the port
      send(['x'.repeat(3000), 'y'.repeat(3000)]); // ~3,000 words: wraps the ring often
      if (round % 7 === 0) drain();
    }
    drain();
    assert.equal(taken.length, sent.length);
    for (let i = 0; i < sent.length; i++) {
      const [got, want] = [taken[i]!, sent[i]!];
      if (want[2] instanceof ArrayBuffer) assert.equal((got[2] as ArrayBuffer).byteLength, 8);
      else assert.deepStrictEqual(got, want, `batch ${i}`);
    }
    port1.close();
    receiver.close();
  });

  test('a full ring sends the rest by the port, still in order', () => {
    const { sender, receiver, port1 } = pair();
    const count = 20_000; // ~8 words each: several times the ring's 16 Ki words
    for (let i = 0; i < count; i++) sender.send(batch(i, i), []);
    const seen: number[] = [];
    receiver.drain(([ints, values]) => {
      assert.equal(values[0], ints[0]);
      seen.push(ints[0]!);
    });
    assert.deepEqual(
      seen,
      Array.from({ length: count }, (_, i) => i),
    );
    port1.close();
    receiver.close();
  });

  test('a sleep busy-waits less and less while nothing comes, and still takes what was sent', () => {
    const { sender, receiver, port1 } = pair();
    for (let i = 0; i < 300; i++) assert.equal(receiver.sleep(0), undefined);
    // A spin at sleeps 1, 3, 6, 11, 20, 37, 70, 135, then every 65th: skips double to 64.
    assert.deepEqual(receiver.spins, { tried: 10, caught: 0 });
    sender.send(batch(7, 'late'), []);
    const [ints, values] = receiver.sleep(0)!;
    assert.deepEqual([ints[0], values], [7, ['late']]);
    port1.close();
    receiver.close();
  });

  test('a receiver asleep in Atomics.wait in another thread is woken by every send', async (t) => {
    // The worker sleeps (no event loop) between batches and echoes each one's first int + 1.
    const { call } = echoWorker(
      t,
      `
      for (;;) {
        const batch = inbox.sleep(60_000);
        if (batch === undefined || batch[0][0] < 0) break;
        out.send([Int32Array.of(batch[0][0] + 1), []], []);
      }
      out.send([Int32Array.of(-1), []], []);
      `,
    );
    // One at a time: each send finds the worker asleep or about to sleep (the lost-wake-up race).
    for (let i = 0; i < 3_000; i++) assert.equal(await call(i), i + 1);
    assert.equal(await call(-1), -1);
  });

  test('a send that lands as a short sleep times out is not lost', async (t) => {
    // As a pool worker does: it waits in its event loop (listen) and, after each batch, sleeps
    // once, briefly; a sleep that times out leaves it in its event loop again. Sends are timed
    // to land around the end of those sleeps, where the sender can still see the sleeper's flag.
    const { call } = echoWorker(
      t,
      `
      const alive = setInterval(() => {}, 1000);
      const handle = ([ints]) => {
        out.send([Int32Array.of(ints[0] < 0 ? -1 : ints[0] + 1), []], []);
        if (ints[0] < 0) { clearInterval(alive); inbox.close(); }
      };
      const sleepOnce = () => {
        const batch = inbox.sleep(0.05);
        if (batch === undefined) return;
        handle(batch);
        inbox.drain(handle);
        setImmediate(sleepOnce);
      };
      inbox.listen((batch) => { handle(batch); setImmediate(sleepOnce); });
      `,
    );
    for (let i = 0; i < 4_000; i++) {
      const until = performance.now() + Math.random() * 0.3;
      while (performance.now() < until); // land anywhere in and around the worker's 0.05 ms sleep
      assert.equal(await call(i), i + 1);
    }
    assert.equal(await call(-1), -1);
  });
});

/**
 * A worker thread holding the receiving end of a calls channel (`inbox`) and the sending end of
 * an answers channel (`out`), running `body` with them; `call(n)` sends `[n]` and resolves with
 * the first int of the next answer, or rejects if none comes within 5 s (a lost wake-up).
 */
function echoWorker(t: TestContext, body: string) {
  const { port1, port2 } = new MessageChannel();
  const calls = createChannelBuffer();
  const back = new MessageChannel();
  const answers = createChannelBuffer();
  const wire = new URL('../../src/wire/', import.meta.url).href;
  const worker = new Worker(
    `
    const { workerData } = require('node:worker_threads');
    (async () => {
      (await import('tsx/esm/api')).register(); // spindle's sources are not strip-only TypeScript
      const { ChannelReceiver } = await import(workerData.wire + 'channel-receiver.ts');
      const { ChannelSender } = await import(workerData.wire + 'channel-sender.ts');
      const inbox = new ChannelReceiver(workerData.calls, workerData.port);
      const out = new ChannelSender(workerData.answers, workerData.back);
      ${body}
    })();
    `,
    {
      eval: true,
      workerData: { calls, answers, port: port2, back: back.port2, wire },
      transferList: [port2, back.port2],
    },
  );
  const sender = new ChannelSender(calls, port1);
  const receiver = new ChannelReceiver(answers, back.port1);
  t.after(async () => {
    receiver.close();
    port1.close();
    await worker.terminate(); // a lost call would otherwise leave it waiting forever
  });
  let resolveNext: ((n: number) => void) | undefined;
  receiver.listen(([ints]) => resolveNext?.(ints[0]!));
  const call = (n: number) =>
    new Promise<number>((resolve, reject) => {
      const lost = setTimeout(() => reject(new Error(`call ${n} was never answered`)), 5000);
      resolveNext = (answer) => {
        clearTimeout(lost);
        resolve(answer);
      };
      sender.send([Int32Array.of(n), []], []);
    });
  return { call };
}
