/**
 * writeBody when the body fails: every byte that had arrived is on disk before the call rejects
 * (so a resume continues after them), whether the failure comes while the file is still opening
 * or while a write is in flight.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { writeBody } from '../../src/cli/download/write-body.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spindle-write-body-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const chunk = (n: number, fill: number) => Buffer.alloc(n, fill);

describe('writeBody: a body that fails', () => {
  test('before its file is open: the bytes that arrived are written, then it rejects', async () => {
    const body = new PassThrough();
    const path = join(dir, 'early.part');
    const written = writeBody(body, path, 'create');
    // Both chunks and the reset arrive in this tick, while open() is still pending.
    body.write(chunk(300_000, 1));
    body.write(chunk(200_000, 2));
    await new Promise((resolve) => setImmediate(resolve));
    body.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await assert.rejects(written, { code: 'ECONNRESET' });
    const data = await readFile(path);
    assert.equal(data.length, 500_000);
    assert.ok(
      data.subarray(0, 300_000).every((b) => b === 1) && data.subarray(300_000).every((b) => b === 2),
    );
  });

  test('closed without an error mid-body: a premature close, with what arrived kept', async () => {
    const body = new PassThrough();
    const path = join(dir, 'closed.part');
    const written = writeBody(body, path, 'create');
    for (let i = 0; i < 40; i++) body.write(chunk(64 * 1024, i));
    await new Promise((resolve) => setImmediate(resolve));
    body.destroy();
    await assert.rejects(written, { code: 'ERR_STREAM_PREMATURE_CLOSE' });
    const data = await readFile(path);
    assert.equal(data.length, 40 * 64 * 1024);
    for (let i = 0; i < 40; i++) assert.equal(data[i * 64 * 1024], i);
  });

  test('destroyed before any byte: rejects and creates no file', async () => {
    const body = new PassThrough();
    body.destroy(new Error('refused'));
    const path = join(dir, 'none.part');
    await assert.rejects(writeBody(body, path, 'create'), /refused/);
    await assert.rejects(readFile(path), { code: 'ENOENT' });
  });
});
