/**
 * What curl and wget2 users expect of `spindle download`: --resume on a complete file, what to do
 * with an existing file, --header and the User-Agent, a low-speed limit, honest summaries.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { runCli } from './servers/cli.ts';
import { content, file } from './servers/handlers.ts';
import { type Handler, startTestServer, type TestServer } from './servers/http.ts';

const T = { timeout: 120_000 };
const data = content(300_000, 11);
const changed = content(300_000, 12);
/** Serves `data`, dropping the first connection halfway; then, once switched, `changed`. */
let changing: Handler = file(data, { dropTimes: 1 });
let server: TestServer;
let dir: string;

interface Result {
  status: string;
  file?: string;
  bytes: number;
  transferred: number;
  skipped?: string;
  error?: string;
}
const results = (stdout: string) => (JSON.parse(stdout) as { results: Result[] }).results;

/** Answers 200 only when the request carries `x-token: abc` and a spindle User-Agent. */
const guarded: Handler = (req, res) => {
  const ok = req.headers['x-token'] === 'abc' && /^spindle\/\d/.test(req.headers['user-agent'] ?? '');
  res.writeHead(ok ? 200 : 403, { 'content-length': '2' }).end('ok');
};

/** One byte every 200 ms of a 100-byte body: far below any sensible speed limit. */
const trickle: Handler = async (_req, res) => {
  res.writeHead(200, { 'content-length': '100' });
  for (let i = 0; i < 100 && !res.destroyed; i++) {
    res.write('x');
    await delay(200);
  }
  res.end();
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spindle-features-'));
  server = await startTestServer({
    '/data.bin': file(data),
    '/guarded': guarded,
    '/trickle': trickle,
    '/changing.bin': (req, res, hit) => changing(req, res, hit),
  });
});
after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function folder(name: string): Promise<string> {
  const out = join(dir, name);
  await mkdir(out, { recursive: true });
  return out;
}

describe('spindle download: what curl and wget2 users expect', () => {
  test('--resume on a complete file asks for the rest and, on 416, leaves it alone', T, async () => {
    const out = await folder('complete');
    await writeFile(join(out, 'data.bin'), data);
    const before = server.log.length;
    const r = await runCli(['download', '--resume', '--json', '-o', out, server.url('/data.bin')]);
    assert.equal(r.code, 0, r.stderr);
    const [result] = results(r.stdout);
    assert.equal(result!.skipped, 'already complete');
    assert.equal(result!.status, 'ok');
    assert.ok(
      server.log.slice(before).includes(`GET /data.bin bytes=${data.length}-`),
      server.log.join('\n'),
    );
    assert.ok((await readFile(join(out, 'data.bin'))).equals(data));
    assert.deepEqual(await readdir(out), ['data.bin']);
  });

  test('an existing file: numbered copy by default, --skip-existing, --overwrite', T, async () => {
    const old = Buffer.from('an older file');
    const run = async (name: string, flags: string[]) => {
      const out = await folder(name);
      await writeFile(join(out, 'data.bin'), old);
      const r = await runCli(['download', '--json', '-o', out, ...flags, server.url('/data.bin')]);
      assert.equal(r.code, 0, r.stderr);
      return { out, result: results(r.stdout)[0]! };
    };
    const numbered = await run('numbered', []);
    assert.equal(numbered.result.file, join(numbered.out, 'data (1).bin'));
    assert.ok((await readFile(join(numbered.out, 'data.bin'))).equals(old));

    const skip = await run('skip', ['--skip-existing']);
    assert.equal(skip.result.skipped, 'exists');
    assert.ok((await readFile(join(skip.out, 'data.bin'))).equals(old));
    assert.deepEqual(await readdir(skip.out), ['data.bin']);

    const overwrite = await run('overwrite', ['--overwrite']);
    assert.equal(overwrite.result.file, join(overwrite.out, 'data.bin'));
    assert.ok((await readFile(join(overwrite.out, 'data.bin'))).equals(data));
    assert.deepEqual(await readdir(overwrite.out), ['data.bin']);

    const both = await runCli(['download', '--skip-existing', '--overwrite', server.url('/data.bin')]);
    assert.equal(both.code, 2);
    const help = await runCli(['download', '--help']);
    assert.match(help.stdout, /--skip-existing/);
    assert.match(help.stdout, /By default a\s+name that already exists is kept/);
    assert.match(help.stdout, /--timeout <sec>.*\(default: 30\)/);
  });

  test('-H adds headers (repeatable, URLs may follow); a User-Agent is always sent', T, async () => {
    const out = await folder('headers');
    const r = await runCli([
      'download',
      '-o',
      out,
      '-H',
      'X-Token: abc',
      '-H',
      'X-Other: 1',
      server.url('/guarded'),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await readFile(join(out, 'guarded'), 'utf8'), 'ok');
    const bad = await runCli(['download', '-o', out, '-H', 'no colon here', server.url('/guarded')]);
    assert.equal(bad.code, 2, bad.stderr);
  });

  test('--speed-limit cuts off a body that trickles, although it is never silent', T, async () => {
    const out = await folder('slow');
    const r = await runCli(
      [
        'download',
        '--json',
        '-o',
        out,
        '--retries',
        '0',
        '--speed-limit',
        '1000',
        '--speed-time',
        '1',
        server.url('/trickle'),
      ],
      { timeoutMs: 60_000 },
    );
    assert.equal(r.code, 1, r.stderr);
    const [result] = results(r.stdout);
    assert.equal(result!.status, 'failed');
    assert.match(result!.error!, /below the limit of 1000 bytes\/s/);
  });

  test(
    '--resume across runs: a file changed on the server starts over instead of being spliced',
    T,
    async () => {
      const out = await folder('changed');
      const first = await runCli(['download', '--retries', '0', '-o', out, server.url('/changing.bin')]);
      assert.equal(first.code, 1, first.stderr);
      assert.deepEqual((await readdir(out)).sort(), ['changing.bin.part', 'changing.bin.part.validator']);
      changing = file(changed);
      const r = await runCli(['download', '--resume', '--json', '-o', out, server.url('/changing.bin')]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok((await readFile(join(out, 'changing.bin'))).equals(changed), 'the new file, whole');
      assert.equal(results(r.stdout)[0]!.transferred, changed.length);
      assert.deepEqual(await readdir(out), ['changing.bin']);
    },
  );

  test('after a resume the summary counts the bytes that moved, with a rounded rate', T, async () => {
    const out = await folder('moved');
    const half = 100_000;
    await writeFile(join(out, 'data.bin.part'), data.subarray(0, half));
    const r = await runCli(['download', '--resume', '--json', '-o', out, server.url('/data.bin')]);
    assert.equal(r.code, 0, r.stderr);
    const [result] = results(r.stdout);
    assert.equal(result!.bytes, data.length);
    assert.equal(result!.transferred, data.length - half);
    assert.ok((await readFile(join(out, 'data.bin'))).equals(data));
    assert.match(r.stderr, /195\.3 KiB moved in \d+\.\d s \(\d+(\.\d)? (B|KiB|MiB)\/s\)/);
  });
});
