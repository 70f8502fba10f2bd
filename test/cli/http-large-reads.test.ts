/**
 * The network tools' HTTP client reads every plain-http connection into one reused 1 MiB buffer
 * (src/cli/http/large-reads.ts). These tests pin what that must never break: bodies larger than
 * the buffer, chunked bodies, several connections at once, a reused keep-alive connection, a body
 * read slowly (the socket paused and resumed), and the bytes held after the next read.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { HttpClient } from '../../src/cli/http/client.ts';
import { READ_BYTES } from '../../src/cli/http/large-reads.ts';

const T = { timeout: 60_000 };
const big = randomBytes(3 * READ_BYTES + 12_345);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let server: Server;
let base: string;
let connections = 0;

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/chunked') {
      res.writeHead(200);
      let at = 0;
      const step = () => {
        if (at >= big.length) return res.end();
        res.write(big.subarray(at, at + 100_003), step);
        at += 100_003;
      };
      step();
    } else res.writeHead(200, { 'content-length': big.length }).end(big);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** GETs `path` and collects the body, pausing now and then when `slow`. */
async function get(client: HttpClient, path: string, slow = false): Promise<Buffer> {
  const { statusCode, body } = await client.request(new URL(path, base), {
    method: 'GET',
    signal: AbortSignal.timeout(30_000),
  });
  assert.equal(statusCode, 200);
  const chunks: Buffer[] = [];
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
    if (slow && chunks.length % 4 === 0) await delay(5);
  }
  return Buffer.concat(chunks);
}

describe('the HTTP client with large reads', () => {
  test('a body longer than the read buffer, with and without Content-Length, arrives intact', T, async () => {
    const client = new HttpClient({ perHost: 4, timeoutMs: 30_000 });
    try {
      assert.equal(sha(await get(client, '/plain')), sha(big));
      assert.equal(sha(await get(client, '/chunked')), sha(big));
    } finally {
      client.close();
    }
  });

  test('eight connections at once share the buffer without mixing their bytes', T, async () => {
    const client = new HttpClient({ perHost: 8, timeoutMs: 30_000 });
    try {
      const bodies = await Promise.all(
        Array.from({ length: 8 }, (_, i) => get(client, i % 2 ? '/chunked' : '/plain', i % 3 === 0)),
      );
      for (const body of bodies) assert.equal(sha(body), sha(big));
    } finally {
      client.close();
    }
  });

  test('a keep-alive connection is reused and a slowly read body is still whole', T, async () => {
    const client = new HttpClient({ perHost: 1, timeoutMs: 30_000 });
    const opened = connections;
    try {
      for (let i = 0; i < 3; i++) assert.equal(sha(await get(client, '/plain', true)), sha(big));
      assert.equal(connections - opened, 1, 'one connection for three requests');
    } finally {
      client.close();
    }
  });
});
