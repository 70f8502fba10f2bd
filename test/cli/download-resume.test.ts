/**
 * `spindle download` when things go wrong: Retry-After, stalled bodies, Ctrl-C (exit 130 with the
 * `.part` kept), `--resume` with Range (byte-identical result), servers that ignore Range, checksums.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { runCli, startCli } from './servers/cli.ts';
import { content, failFirst, file, sha256 } from './servers/handlers.ts';
import { startTestServer, type TestServer } from './servers/http.ts';

const T = { timeout: 60_000 };
const small = content(50_000, 3);
const big = content(2_000_000, 4);
let server: TestServer;
let dir: string;

interface Attempt {
  attempt: number;
  httpStatus?: number;
  resumedFrom?: number;
  error?: string;
  retry?: { reason: string; delayMs: number };
}
interface Report {
  results: { status: string; file?: string; bytes: number; attempts: Attempt[]; error?: string }[];
}
const attemptsOf = (stdout: string) => (JSON.parse(stdout) as Report).results[0]!.attempts;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spindle-resume-'));
  server = await startTestServer({
    '/busy-seconds': failFirst(1, 429, file(small), () => '1'),
    '/busy-date': failFirst(1, 429, file(small), () => new Date(Date.now() + 2_000).toUTCString()),
    '/stall.bin': file(small, { stallTimes: 1, stallMs: 3_000 }),
    '/slow.bin': file(big, { pieces: 100, pieceDelayMs: 30 }),
    '/ignore.bin': file(big, { ranges: 'ignore', dropTimes: 1 }),
    '/sum.bin': file(small),
  });
});
after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('spindle download: retries, interruption, resume, checksums', () => {
  test('429 with Retry-After in seconds and as an HTTP-date: honoured and recorded', T, async () => {
    const out = join(dir, 'busy');
    const r = await runCli(['download', '-o', out, '--json', server.url('/busy-seconds')]);
    assert.equal(r.code, 0, r.stderr);
    const [first] = attemptsOf(r.stdout);
    assert.equal(first!.httpStatus, 429);
    assert.deepEqual(first!.retry, { reason: 'HTTP 429', delayMs: 1_000 });

    const d = await runCli(['download', '-o', out, '--json', server.url('/busy-date')]);
    assert.equal(d.code, 0, d.stderr);
    const [dated] = attemptsOf(d.stdout);
    assert.equal(dated!.retry?.reason, 'HTTP 429');
    assert.ok(
      dated!.retry!.delayMs > 0 && dated!.retry!.delayMs <= 2_000,
      `delay ${dated!.retry!.delayMs} from the date`,
    );
  });

  test('a body that goes silent longer than --timeout is retried', T, async () => {
    const out = join(dir, 'stall');
    const r = await runCli(['download', '-o', out, '--timeout', '0.5', '--json', server.url('/stall.bin')]);
    assert.equal(r.code, 0, r.stderr);
    const attempts = attemptsOf(r.stdout);
    assert.equal(attempts.length, 2);
    assert.match(attempts[0]!.retry!.reason, /TIMEOUT/);
    assert.equal(sha256(await readFile(join(out, 'stall.bin'))), sha256(small));
  });

  test('Ctrl-C: exit 130, .part kept, no final file; --resume continues it byte-identically', T, async () => {
    const out = join(dir, 'resume');
    const { child, done } = startCli(['download', '-o', out, server.url('/slow.bin')]);
    const part = join(out, 'slow.bin.part');
    for (let i = 0; i < 400 && !(existsSync(part) && (await stat(part)).size > 100_000); i++) await delay(25);
    child.kill('SIGINT');
    const r = await done;
    assert.equal(r.code, 130, r.stderr);
    // The .part, and beside it the validator a resume sends as If-Range.
    assert.deepEqual((await readdir(out)).sort(), ['slow.bin.part', 'slow.bin.part.validator']);
    const kept = (await stat(part)).size;
    assert.ok(kept > 0 && kept < big.length, `a partial file was kept (${kept} bytes)`);

    const again = await runCli(['download', '-o', out, '--resume', '--json', server.url('/slow.bin')], {
      timeoutMs: 50_000,
    });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await readdir(out), ['slow.bin']);
    assert.equal(
      sha256(await readFile(join(out, 'slow.bin'))),
      sha256(big),
      'resumed file is byte-identical',
    );
    const [resumed] = attemptsOf(again.stdout);
    assert.equal(resumed!.httpStatus, 206);
    assert.ok(resumed!.resumedFrom! > 0, 'the second run asked for the rest only');
    assert.ok(
      server.log.some((line) => line.startsWith('GET /slow.bin bytes=')),
      'the server saw a Range request',
    );
  });

  test('a server that ignores Range: the retry starts over and the size is verified', T, async () => {
    const out = join(dir, 'ignore');
    const r = await runCli(['download', '-o', out, '--json', server.url('/ignore.bin')]);
    assert.equal(r.code, 0, r.stderr);
    const attempts = attemptsOf(r.stdout);
    assert.equal(attempts.length, 2);
    assert.ok(attempts[1]!.resumedFrom! > 0, 'the retry asked for a range');
    assert.equal(attempts[1]!.httpStatus, 200, 'and got the whole body');
    assert.equal(sha256(await readFile(join(out, 'ignore.bin'))), sha256(big));
  });

  test('--checksum and ALGO=HEX in -i lists: verified before the rename', T, async () => {
    const out = join(dir, 'sum');
    const good = await runCli([
      'download',
      '-o',
      out,
      '--checksum',
      `sha256=${sha256(small)}`,
      server.url('/sum.bin'),
    ]);
    assert.equal(good.code, 0, good.stderr);
    assert.deepEqual(await readdir(out), ['sum.bin']);

    const bad = join(dir, 'sum-bad');
    const wrong = '0'.repeat(64);
    const list = `${server.url('/sum.bin')} sha256=${wrong}\n`;
    const r = await runCli(['download', '-o', bad, '-i', '-', '--json'], { input: list });
    assert.equal(r.code, 1, r.stderr);
    const [result] = (JSON.parse(r.stdout) as Report).results;
    assert.match(result!.error!, /sha256 mismatch/);
    assert.deepEqual(await readdir(bad), [], 'no file under the final name, and the bad bytes are gone');
  });
});
