import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { dial, readToEnd, startServe } from './echo-server.ts';
import { spindle } from './run-cli.ts';

describe('spindle echo', { timeout: 90_000 }, () => {
  test('serve + client: every round trip comes back, with req/s and latency percentiles', async () => {
    const server = await startServe();
    try {
      const r = await spindle([
        'echo',
        'client',
        '--port',
        String(server.port),
        '--connections',
        '4',
        '--messages',
        '200',
        '--size',
        '100',
        '--json',
      ]);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.equal(report.requests, 800, 'round trips');
      assert.equal(report.errors, 0, 'errors');
      assert.ok(report.requestsPerSecond > 0, 'req/s reported');
      assert.ok(report.latencyMs.p50 > 0 && report.latencyMs.p99 >= report.latencyMs.p50, 'p50 ≤ p99');
      const text = await spindle(['echo', 'client', '--port', String(server.port), '--messages', '10']);
      assert.match(
        text.stdout,
        /^80 round trips of 64 bytes over 8 connections .* req\/s, latency p50 .* p99 .*; 0 errors$/m,
      );
    } finally {
      assert.equal(await server.stop(), 0, 'SIGTERM stops it with exit 0');
    }
  });

  test('an oversized line is answered "ERR line too long" and closed; the server goes on', async () => {
    const server = await startServe(['--max-line', '100']);
    try {
      const socket = await dial(server.port);
      const answer = readToEnd(socket);
      socket.write('short line\n');
      socket.write(`${'x'.repeat(500)}\n`);
      assert.equal(await answer, 'short line\nERR line too long\n');
      const again = await dial(server.port);
      const echoed = readToEnd(again);
      again.end('still here\n');
      assert.equal(await echoed, 'still here\n');
    } finally {
      await server.stop();
    }
  });

  test('a half-close still gets the last partial line back (nc -N)', async () => {
    const server = await startServe();
    try {
      const socket = await dial(server.port);
      const answer = readToEnd(socket);
      socket.end('one\ntwo\r\nthree');
      assert.equal(await answer, 'one\ntwo\r\nthree');
      assert.equal(await server.stop(), 0);
      assert.match(server.stderr(), /echoed 3 lines/);
    } finally {
      await server.stop();
    }
  });

  test('an idle client is closed after --idle-timeout with a reason', async () => {
    const server = await startServe(['--idle-timeout', '1']);
    try {
      const socket = await dial(server.port);
      assert.equal(await readToEnd(socket), 'ERR idle timeout\n');
    } finally {
      await server.stop();
    }
  });

  test('connections past --max-connections are refused with a reason', async () => {
    const server = await startServe(['--max-connections', '3']);
    try {
      const held = await Promise.all([1, 2, 3].map(() => dial(server.port)));
      for (const socket of held) {
        socket.write('hi\n');
        await once(socket, 'data'); // served: it counts against the limit
      }
      const extra = await dial(server.port);
      assert.equal(await readToEnd(extra), 'ERR too many connections\n');
      const freed = once(held[0]!, 'close');
      held[0]!.end();
      await freed;
      const next = await dial(server.port);
      const echoed = readToEnd(next);
      next.end('room again\n');
      assert.equal(await echoed, 'room again\n');
      for (const socket of held) socket.destroy();
    } finally {
      await server.stop();
    }
  });

  test('a flood of clients connecting and dropping does not crash the server', async () => {
    const server = await startServe(['--max-connections', '50']);
    try {
      for (let round = 0; round < 5; round++) {
        await Promise.all(
          Array.from({ length: 100 }, async (_, i) => {
            const socket = await dial(server.port).catch(() => undefined);
            if (socket === undefined) return;
            if (i % 3 === 0) socket.write('half a li');
            if (i % 3 === 1) socket.write(`${'y'.repeat(100_000)}`);
            socket.resetAndDestroy();
          }),
        );
      }
      const socket = await dial(server.port);
      const echoed = readToEnd(socket);
      socket.end('alive\n');
      assert.equal(await echoed, 'alive\n');
      assert.equal(server.child.exitCode, null, 'still running');
    } finally {
      assert.equal(await server.stop(), 0, `exit 0 after SIGTERM: ${server.stderr()}`);
    }
  });

  test('Ctrl-C (SIGINT) stops the server with exit 130', async () => {
    const server = await startServe();
    const socket = await dial(server.port);
    socket.on('error', () => {}); // a reset is as good as an end here: the connection must go
    const closed = new Promise((resolve) => socket.once('close', resolve));
    assert.equal(await server.stop('SIGINT'), 130);
    await closed;
    assert.match(server.stderr(), /served 1 connections/);
  });

  test('--help shows examples; bad options exit 2', async () => {
    const help = await spindle(['echo', 'serve', '--help']);
    assert.match(help.stdout, /Examples:\n +\$ spindle echo serve/);
    const bad = await Promise.all([
      spindle(['echo', 'serve', '--port', '70000']),
      spindle(['echo', 'client', '--connections', '0']),
    ]);
    for (const r of bad) assert.equal(r.code, 2, r.stderr);
  });
});
