/** File names of `spindle download`: Content-Disposition parsing and sanitising, against hostile servers. */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chooseName, dispositionName, MAX_NAME_BYTES, sanitizeName } from '../../src/cli/http/filename.ts';
import { runCli } from './servers/cli.ts';
import { content, file } from './servers/handlers.ts';
import { startTestServer, type TestServer } from './servers/http.ts';

const T = { timeout: 60_000 };

describe('file names', () => {
  test('Content-Disposition: filename* (RFC 5987) wins over filename', T, () => {
    assert.equal(
      dispositionName(`attachment; filename="plain.txt"; filename*=UTF-8''na%C3%AFve%20file.txt`),
      'naïve file.txt',
    );
    assert.equal(dispositionName(`attachment; filename*=iso-8859-1'en'caf%E9.txt`), 'café.txt');
    assert.equal(dispositionName('attachment; filename="quoted \\"name\\".txt"'), 'quoted "name".txt');
    assert.equal(dispositionName('attachment; filename=bare.txt'), 'bare.txt');
    assert.equal(dispositionName('inline'), undefined);
  });

  test('sanitising removes every way out of the directory', T, () => {
    assert.equal(sanitizeName('../../etc/passwd'), 'passwd');
    assert.equal(sanitizeName('/etc/shadow'), 'shadow');
    assert.equal(sanitizeName('..\\..\\windows\\system.ini'), 'system.ini');
    assert.equal(sanitizeName('a\u0000b\u001bc\nd.txt'), 'abcd.txt');
    assert.equal(sanitizeName('..'), 'download');
    assert.equal(sanitizeName('.'), 'download');
    assert.equal(sanitizeName(''), 'download');
    assert.equal(sanitizeName('.hidden'), 'hidden');
    assert.equal(sanitizeName('/'), 'download');
    const long = sanitizeName(`${'é'.repeat(300)}.tar.gz`);
    assert.ok(Buffer.byteLength(long) <= MAX_NAME_BYTES, 'long names are capped');
    assert.ok(long.endsWith('.gz'), 'the extension survives the cap');
  });

  test('names come from the URL path when there is no Content-Disposition', T, () => {
    assert.equal(chooseName(new URL('http://h/dir/report%20v2.pdf?x=1'), undefined), 'report v2.pdf');
    assert.equal(chooseName(new URL('http://example.com/'), undefined), 'index.html');
    assert.equal(chooseName(new URL('http://example.com/docs/'), undefined), 'index.html');
    assert.equal(chooseName(new URL('http://h/x/data.csv'), 'attachment; filename=""'), 'data.csv');
  });
});

describe('spindle download against hostile Content-Disposition', () => {
  let server: TestServer;
  let dir: string;
  const body = content(1000);
  const hostile: Record<string, string> = {
    '/traversal': 'attachment; filename="../../etc/passwd"',
    '/absolute': 'attachment; filename="/tmp/evil.sh"',
    // node:http refuses raw control characters in headers; RFC 5987 encoding carries them.
    '/control': `attachment; filename*=UTF-8''bad%07name%1B%0A.txt`,
    '/empty': 'attachment; filename=""',
    '/dots': 'attachment; filename=".."',
    '/encoded': `attachment; filename*=UTF-8''..%2F..%2Fescape.txt`,
    // U+202E (right-to-left override) would make "\u202etxt.exe" read as "exe.txt".
    '/bidi': `attachment; filename*=UTF-8''%E2%80%AEtxt.exe`,
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-names-'));
    server = await startTestServer(
      Object.fromEntries(
        Object.entries(hostile).map(([path, cd]) => [path, file(body, { disposition: cd })]),
      ),
    );
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('every file lands inside -o DIR under a sanitised name', T, async () => {
    const out = join(dir, 'out');
    const urls = Object.keys(hostile).map((path) => server.url(path));
    const r = await runCli(['download', '-o', out, '-j', '1', ...urls]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (await readdir(dir)).sort(),
      ['out'],
      'nothing was written next to the output directory',
    );
    assert.deepEqual((await readdir(out)).sort(), [
      'badname.txt',
      'dots',
      'empty',
      'escape.txt',
      'evil.sh',
      'passwd',
      'txt.exe',
    ]);
  });
});
