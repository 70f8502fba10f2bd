import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  IncompleteReadError,
  openConnection,
  type StreamReader,
  type StreamWriter,
  startServer,
} from '../../src/asyncio/index.ts';
import { CancelledError, SpindleError } from '../../src/errors.ts';
import { deferred, flush, isSettled } from './helpers.ts';

const bounded = { timeout: 30_000 };

/** Echoes line by line until the client half-closes. */
async function echo(reader: StreamReader, writer: StreamWriter): Promise<void> {
  for await (const line of reader) {
    writer.write(line);
    await writer.drain();
  }
  writer.close();
}

describe('streams over TCP', () => {
  test('an echo round trip; address, peername and sockname', bounded, async () => {
    await using server = await startServer(echo);
    assert.equal(server.address.address, '127.0.0.1');
    const [reader, writer] = await openConnection({ port: server.address.port });
    writer.writelines(['hello\n', 'world\n']);
    await writer.drain();
    assert.equal((await reader.readline()).toString(), 'hello\n');
    assert.equal((await reader.readline()).toString(), 'world\n');
    const peer = writer.getExtraInfo('peername') as [string, number];
    assert.deepEqual(peer, ['127.0.0.1', server.address.port]);
    assert.equal((writer.getExtraInfo('sockname') as [string, number])[0], '127.0.0.1');
    assert.equal(writer.getExtraInfo('nope', 'fallback'), 'fallback');
    writer.writeEof();
    assert.equal((await reader.read()).length, 0, 'the server closed after our EOF');
    await writer.waitClosed({ timeout: 5000 });
    assert.throws(
      () => writer.write('late'),
      (e: unknown) => e instanceof SpindleError && e.code === 'ERR_STREAM_CLOSED',
    );
  });

  test('200 concurrent echo clients get every byte back', bounded, async () => {
    await using server = await startServer(echo);
    const clients = Array.from({ length: 200 }, async (_, id) => {
      const [reader, writer] = await openConnection({ port: server.address.port, timeout: 10_000 });
      const lines = Array.from({ length: 20 }, (_, i) => `client ${id} line ${i} ${'x'.repeat(id % 50)}\n`);
      writer.writelines(lines);
      writer.writeEof();
      const back = (await reader.read()).toString();
      await writer.waitClosed();
      return back === lines.join('');
    });
    const results = await Promise.all(clients);
    assert.equal(results.filter(Boolean).length, 200, 'every client got exactly its bytes back');
  });

  test("a slow reader applies back-pressure to the writer's drain()", bounded, async () => {
    let serverReader: StreamReader | undefined;
    const connected = deferred();
    await using server = await startServer((reader) => {
      serverReader = reader; // reads nothing until told to
      connected.resolve();
    });
    const [, writer] = await openConnection({ port: server.address.port });
    await connected.promise;
    const chunk = Buffer.alloc(64 * 1024, 7);
    let sent = 0;
    while (!writer.socket.writableNeedDrain && sent < 256 * 1024 * 1024) {
      writer.write(chunk);
      sent += chunk.length;
      await flush();
    }
    assert.equal(writer.socket.writableNeedDrain, true, 'the unread data filled every buffer');
    const drained = writer.drain();
    assert.equal(await isSettled(drained), false, 'drain waits while the peer does not read');
    assert.ok(
      serverReader!.buffered <= 2 * serverReader!.limit + chunk.length,
      'the reader paused its socket',
    );
    const got = await serverReader!.readexactly(sent);
    assert.equal(got.length, sent);
    await drained;
    writer.close();
  });

  test(
    'a short stream gives IncompleteReadError; a peer reset is an error or EOF, never a hang',
    bounded,
    async () => {
      const outcomes: unknown[] = [];
      const done = deferred();
      await using server = await startServer(async (reader) => {
        outcomes.push(await reader.readexactly(10).catch((e: unknown) => e));
        outcomes.push(await reader.read(10).catch((e: unknown) => e));
        done.resolve();
      });
      const [, writer] = await openConnection({ port: server.address.port });
      writer.write('abc');
      await writer.drain();
      await new Promise((resolve) => setTimeout(resolve, 20));
      writer.socket.resetAndDestroy();
      await done.promise;
      const first = outcomes[0];
      assert.ok(
        first instanceof IncompleteReadError || (first as { code?: string }).code === 'ECONNRESET',
        `readexactly failed clearly: ${String(first)}`,
      );
      if (first instanceof IncompleteReadError) assert.equal(first.partial.toString(), 'abc');
    },
  );

  test('openConnection rejects a refused connection, a timeout and an abort', bounded, async () => {
    const server = await startServer(echo);
    const { port } = server.address;
    server.close();
    await server.waitClosed();
    await assert.rejects(
      openConnection({ port }),
      (e: unknown) => (e as { code?: string }).code === 'ECONNREFUSED',
    );
    await assert.rejects(openConnection({ port, signal: AbortSignal.abort() }), CancelledError);
    assert.throws(() => openConnection({ port: 70_000 }), RangeError);
  });

  test('serveForever ends with the signal; closing the server closes its clients', bounded, async () => {
    const server = await startServer(echo);
    const [reader] = await openConnection({ port: server.address.port });
    const controller = new AbortController();
    const serving = server.serveForever({ signal: controller.signal });
    await flush();
    controller.abort();
    await assert.rejects(serving, CancelledError);
    assert.equal(server.isServing(), false);
    assert.equal((await reader.read()).length, 0, 'the client saw EOF');
  });

  test('a handler that throws closes its connection', bounded, async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    await using server = await startServer(() => {
      throw new Error('handler bug');
    });
    const [reader] = await openConnection({ port: server.address.port });
    assert.equal((await reader.read().catch(() => Buffer.alloc(0))).length, 0);
    await flush();
    process.off('warning', onWarning);
    assert.ok(
      warnings.some((m) => m.includes('handler bug')),
      'the error was reported as a warning',
    );
  });
});
