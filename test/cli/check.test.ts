/** `spindle check` against a real local server: statuses, HEAD→GET fallback, redirects, retries, formats. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli } from './servers/cli.ts';
import { content, failFirst, file, redirect, status } from './servers/handlers.ts';
import type { Handler } from './servers/http.ts';
import { startTestServer, type TestServer } from './servers/http.ts';

const T = { timeout: 60_000 };
let server: TestServer;

/** 405 to HEAD, 200 with a body to GET. */
const noHead: Handler = (req, res) => {
  if (req.method === 'HEAD') res.writeHead(405).end();
  else res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
};

interface Result {
  url: string;
  ok: boolean;
  status?: number;
  method?: string;
  latencyMs: number;
  redirects: { url: string; status: number; location: string }[];
  attempts: number;
  tries: { status?: number; latencyMs: number; error?: string }[];
  error?: string;
}

/** Throws unless `text` is well-formed XML: one root, properly nested and closed tags. */
function assertWellFormedXml(text: string): void {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  for (const match of body.matchAll(
    /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|(<)|(&(?!(?:amp|lt|gt|quot|apos);))/g,
  )) {
    assert.equal(match[5], undefined, `stray < at ${match.index}`);
    assert.equal(match[6], undefined, `bare & at ${match.index}`);
    const [, closing, name, , selfClosing] = match;
    if (stack.length === 0) roots++;
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the open element`);
    else if (!selfClosing) stack.push(name!);
  }
  assert.deepEqual(stack, [], 'every element is closed');
  assert.equal(roots, 1, 'exactly one root element');
}

before(async () => {
  server = await startTestServer({
    '/ok': file(content(100)),
    '/slow': status(200, 150),
    '/missing': status(404),
    '/no-head': noHead,
    '/from': redirect('/via', 301),
    '/via': redirect('/ok', 308),
    '/loop': redirect('/loop'),
    '/flaky': failFirst(2, 503, status(200)),
    '/flaky-text': failFirst(2, 503, status(200)),
    '/moved': redirect('/ok', 302),
    '/private': (req, res) => {
      const expected = `Basic ${Buffer.from('me:s3cret').toString('base64')}`;
      res.writeHead(req.headers.authorization === expected ? 200 : 401).end();
    },
    '/agent': (req, res) => {
      res.writeHead(/^spindle\/\d+\.\d+\.\d+/.test(req.headers['user-agent'] ?? '') ? 200 : 400).end();
    },
  });
});
after(() => server.close());

describe('spindle check', () => {
  test('text: one line per URL, exit 1 when any URL is not accepted', T, async () => {
    const urls = ['/ok', '/slow', '/missing', '/no-head', '/from'].map((p) => server.url(p));
    const r = await runCli(['check', '-j', '3', ...urls]);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 5);
    assert.ok(
      lines.some((l) => /^FAIL 404 .*\/missing/.test(l)),
      r.stdout,
    );
    assert.ok(
      lines.some((l) => /^ok {3}200 .*\/from → 301 .*\/via → 308 .*\/ok$/.test(l)),
      r.stdout,
    );
    assert.match(r.stderr, /4 of 5 accepted/);
  });

  test('json: HEAD falls back to GET on 405, redirect chain, loop bounded, latency', T, async () => {
    const urls = ['/ok', '/no-head', '/from', '/loop', '/slow'].map((p) => server.url(p));
    const r = await runCli(['check', '--format', 'json', ...urls]);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as {
      checked: number;
      accepted: number;
      failed: number;
      results: Result[];
    };
    assert.equal(doc.checked, 5);
    assert.equal(doc.failed, 1);
    const [ok, noHeadResult, from, loop, slow] = doc.results;
    assert.equal(ok!.method, 'HEAD');
    assert.equal(noHeadResult!.method, 'GET');
    assert.equal(noHeadResult!.status, 200);
    assert.deepEqual(
      from!.redirects.map((h) => [new URL(h.url).pathname, h.status, new URL(h.location).pathname]),
      [
        ['/from', 301, '/via'],
        ['/via', 308, '/ok'],
      ],
    );
    assert.equal(loop!.ok, false);
    assert.match(loop!.error!, /more than 10 redirects/);
    assert.ok(slow!.latencyMs > 0, 'latency is measured');
  });

  test('--accept decides; retries only when asked', T, async () => {
    const strict = await runCli(['check', '--format', 'json', server.url('/moved')]);
    assert.equal(strict.code, 0, 'the redirect is followed to a 200');
    const noRetry = await runCli(['check', '--format', 'json', server.url('/flaky')]);
    assert.equal(noRetry.code, 1);
    assert.equal((JSON.parse(noRetry.stdout) as { results: Result[] }).results[0]!.attempts, 1);
    const retried = await runCli(['check', '--retries', '3', '--format', 'json', server.url('/flaky')]);
    assert.equal(retried.code, 0, retried.stderr);
    const [result] = (JSON.parse(retried.stdout) as { results: Result[] }).results;
    assert.equal(result!.status, 200);
    assert.ok(result!.attempts >= 2, `retried (${result!.attempts} attempts)`);
    assert.deepEqual(
      result!.tries.map((t) => t.status),
      [...Array(result!.attempts - 1).fill(503), 200],
      'every try is reported with its status',
    );
    for (const t of result!.tries) assert.ok(t.latencyMs >= 0 && Number.isFinite(t.latencyMs));
    const text = await runCli(['check', '--retries', '3', server.url('/flaky-text')]);
    assert.match(text.stdout, /\[\d tries: 503 \d+ ms, .*200 \d+ ms\]/, text.stdout);
    const accept404 = await runCli(['check', '--accept', '200..299,404', server.url('/missing')]);
    assert.equal(accept404.code, 0, accept404.stdout);
  });

  test('junit is well-formed XML with the failures counted; markdown is a table', T, async () => {
    const urls = ['/ok', '/missing', '/loop'].map((p) => server.url(p));
    const junit = await runCli(['check', '--format', 'junit', ...urls]);
    assert.equal(junit.code, 1);
    assertWellFormedXml(junit.stdout);
    assert.match(junit.stdout, /<testsuite name="spindle check" tests="3" failures="2"/);
    assert.equal(junit.stdout.match(/<failure /g)?.length, 2);

    const md = await runCli(['check', '--format', 'markdown', ...urls]);
    const rows = md.stdout.split('\n').filter((l) => l.startsWith('|'));
    assert.equal(rows.length, 2 + 3, 'header, separator and one row per URL');
    assert.match(rows[1]!, /^\|---\|/);
    for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length, 8, `six cells: ${row}`);
  });

  test('credentials in URLs are used but never shown; a User-Agent is sent', T, async () => {
    const secret = server.url('/private').replace('http://', 'http://me:s3cret@');
    for (const format of ['text', 'json', 'junit', 'markdown']) {
      const r = await runCli(['check', '--format', format, secret, server.url('/agent')]);
      assert.equal(r.code, 0, `${format}: ${r.stdout}${r.stderr}`);
      assert.doesNotMatch(r.stdout + r.stderr, /s3cret|me:/, format);
      assert.match(r.stdout, /\*\*\*@127\.0\.0\.1/, format);
    }
  });

  test('usage errors exit 2; --help shows examples', T, async () => {
    const runs = await Promise.all([
      runCli(['check', '--format', 'yaml', server.url('/ok')]),
      runCli(['check', '--accept', '2xx', server.url('/ok')]),
      runCli(['check', '-j', 'many', server.url('/ok')]),
      runCli(['check', 'http//bad']),
    ]);
    for (const r of runs) assert.equal(r.code, 2, r.stderr);
    const help = await runCli(['check', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:/);
    assert.match(help.stdout, /--format <format>/);
  });
});
