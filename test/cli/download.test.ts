/** `spindle download` against real local servers: streaming, names, retries, exit codes, --json. */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from './servers/cli.ts';
import { content, failFirst, file, redirect, sha256, status } from './servers/handlers.ts';
import { startTestServer, type TestServer } from './servers/http.ts';

const T = { timeout: 60_000 };
const a = content(100_000, 1);
const b = content(250_000, 2);
let server: TestServer;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spindle-download-'));
  server = await startTestServer({
    '/a.bin': file(a, { latencyMs: 50 }),
    '/b.bin': file(b, { pieces: 5, pieceDelayMs: 20 }),
    '/flaky': failFirst(2, 503, file(a)),
    '/drop.bin': file(b, { dropTimes: 1 }),
    '/always-500': status(500),
    '/missing': status(404),
    '/hop1': redirect('/hop2', 301),
    '/hop2': redirect('/a.bin', 307),
    '/loop': redirect('/loop'),
  });
});
after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function fresh(name: string): Promise<string> {
  const out = join(dir, name);
  await rm(out, { recursive: true, force: true });
  return out;
}

interface Report {
  ok: number;
  failed: number;
  results: {
    url: string;
    file?: string;
    bytes: number;
    status: string;
    attempts: {
      attempt: number;
      httpStatus?: number;
      error?: string;
      retry?: { reason: string; delayMs: number };
    }[];
    error?: string;
  }[];
}

describe('spindle download', () => {
  test('downloads several URLs byte-identically, exit 0, no .part left', T, async () => {
    const out = await fresh('many');
    const r = await runCli(['download', '-o', out, '-j', '4', server.url('/a.bin'), server.url('/b.bin')]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await readdir(out)).sort(), ['a.bin', 'b.bin']);
    assert.equal(sha256(await readFile(join(out, 'a.bin'))), sha256(a));
    assert.equal(sha256(await readFile(join(out, 'b.bin'))), sha256(b));
    assert.match(r.stderr, /2\/2 downloaded/);
  });

  test('reads URLs from -i - (stdin), resolves name collisions', T, async () => {
    const out = await fresh('stdin');
    const list = `# comment\n${server.url('/a.bin')}\n\n${server.url('/a.bin')}\n${server.url('/hop1')}\n`;
    const r = await runCli(['download', '-o', out, '-i', '-'], { input: list });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await readdir(out)).sort(), ['a (1).bin', 'a (2).bin', 'a.bin']);
  });

  test('5xx burst then success: retried, every retry visible in --json', T, async () => {
    const out = await fresh('flaky');
    const r = await runCli(['download', '-o', out, '--json', server.url('/flaky')]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const [only] = report.results;
    assert.equal(only!.status, 'ok');
    assert.equal(only!.attempts.length, 3);
    for (const failed of only!.attempts.slice(0, 2)) {
      assert.equal(failed.httpStatus, 503);
      assert.equal(failed.retry?.reason, 'HTTP 503');
      assert.ok(typeof failed.retry?.delayMs === 'number', 'each retry records its delay');
    }
    assert.equal(only!.attempts[2]!.httpStatus, 200);
    assert.equal(sha256(await readFile(join(out, 'flaky'))), sha256(a));
  });

  test('a connection dropped mid-body is retried and continued; the file is byte-identical', T, async () => {
    const out = await fresh('drop');
    const r = await runCli(['download', '-o', out, '--json', server.url('/drop.bin')]);
    assert.equal(r.code, 0, r.stderr);
    const [only] = (JSON.parse(r.stdout) as Report).results;
    assert.equal(only!.attempts.length, 2);
    assert.ok(only!.attempts[0]!.retry !== undefined, 'the drop is retried');
    assert.equal(sha256(await readFile(join(out, 'drop.bin'))), sha256(b));
  });

  test('failures: exit 1, no file under a final name, error in --json', T, async () => {
    const out = await fresh('fail');
    const r = await runCli([
      'download',
      '-o',
      out,
      '--retries',
      '1',
      '--json',
      server.url('/always-500'),
      server.url('/missing'),
      server.url('/loop'),
      server.url('/a.bin'),
    ]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.ok, 1);
    assert.equal(report.failed, 3);
    const byUrl = new Map(report.results.map((x) => [new URL(x.url).pathname, x]));
    assert.equal(byUrl.get('/always-500')!.attempts.length, 2, 'one retry when --retries 1');
    assert.equal(byUrl.get('/missing')!.attempts.length, 1, '404 is not retried');
    assert.match(byUrl.get('/loop')!.error!, /more than 10 redirects/);
    assert.deepEqual(await readdir(out), ['a.bin']);
  });

  test('usage errors exit 2 with one line', T, async () => {
    const cases = [
      ['download', 'not a url'],
      ['download', 'ftp://example.com/x'],
      ['download', '-j', '0', server.url('/a.bin')],
      ['download', '--bogus', server.url('/a.bin')],
      ['download'],
      ['download', '--checksum', 'sha256=abc', server.url('/a.bin')],
    ];
    const runs = await Promise.all(cases.map((args) => runCli(args)));
    runs.forEach((r, i) => {
      const what = cases[i]!.join(' ');
      assert.equal(r.code, 2, `${what}: ${r.stderr}`);
      assert.match(
        r.stderr.split('\n')[0]!,
        /^(error|spindle):/,
        `${what} explains itself on its first line`,
      );
    });
  });

  test('--help shows options and examples', T, async () => {
    const r = await runCli(['download', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--per-host/);
    assert.match(r.stdout, /Examples:/);
  });
});
