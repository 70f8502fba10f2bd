/**
 * `spindle download` under faults and hostile servers: a connection that dies while the `.part`
 * opens, a whole body followed by an immediate close, and `.part` names that are symlinks.
 */
import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from './servers/cli.ts';
import { closeAfterBody, dropAfterHeaders } from './servers/faults.ts';
import { content, file } from './servers/handlers.ts';
import { startTestServer, type TestServer } from './servers/http.ts';

const T = { timeout: 120_000 };
const URLS = 16;
const data = content(200_000, 7);
let server: TestServer;
let dir: string;

interface Report {
  ok: number;
  failed: number;
  results: { status: string; file?: string; error?: string; attempts: { error?: string }[] }[];
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spindle-faults-'));
  const routes: Record<string, ReturnType<typeof file>> = { '/plain.bin': file(data) };
  for (let i = 0; i < URLS; i++) {
    routes[`/close/${i}.bin`] = closeAfterBody(data);
    routes[`/drop/${i}.bin`] = dropAfterHeaders(data, 1, file(data));
  }
  server = await startTestServer(routes);
});
after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const urls = (prefix: string) => Array.from({ length: URLS }, (_, i) => server.url(`${prefix}/${i}.bin`));

async function expectAllFiles(out: string, count: number) {
  const names = (await readdir(out)).sort();
  assert.equal(names.length, count, names.join(', '));
  for (const name of names) assert.ok((await readFile(join(out, name))).equals(data), name);
}

describe('spindle download under faults', () => {
  test('a whole body followed by an immediate close never crashes the run', T, async () => {
    const out = join(dir, 'close');
    const list = [...urls('/close'), server.url('/plain.bin')];
    const r = await runCli(['download', '-i', '-', '-o', out, '-j', '8', '--json'], {
      input: `${list.join('\n')}\n`,
      timeoutMs: 100_000,
    });
    assert.doesNotMatch(r.stderr, /AssertionError|\n\s+at /);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    // Whether the reset costs the client the body's tail is the kernel's business; every URL must
    // still have its own outcome, and each file that is reported complete must be whole.
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.results.length, URLS + 1);
    assert.equal(report.results.at(-1)!.status, 'ok');
    for (const result of report.results) {
      if (result.status === 'ok') assert.ok((await readFile(result.file!)).equals(data), result.file);
      else assert.equal(result.status, 'failed');
    }
  });

  test('a connection reset while the .part opens is retried, never an unsettled exit', T, async () => {
    const out = join(dir, 'drop');
    const r = await runCli(['download', '-i', '-', '-o', out, '-j', '8', '--retries', '3', '--json'], {
      input: `${urls('/drop').join('\n')}\n`,
      timeoutMs: 100_000,
    });
    assert.notEqual(r.code, 13, r.stderr);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.ok, URLS);
    for (const result of report.results) assert.ok(result.attempts.length >= 2, JSON.stringify(result));
    await expectAllFiles(out, URLS);
  });

  test('a .part that is a symlink is never written through, with or without --resume', T, async () => {
    for (const resume of [false, true]) {
      const out = join(dir, `link-${resume}`);
      await mkdir(out, { recursive: true });
      const victim = join(dir, `victim-${resume}.txt`);
      await writeFile(victim, 'precious');
      await symlink(victim, join(out, 'plain.bin.part'));
      const r = await runCli(
        ['download', server.url('/plain.bin'), '-o', out, '--json', ...(resume ? ['--resume'] : [])],
        { timeoutMs: 60_000 },
      );
      assert.ok((await readFile(victim, 'utf8')) === 'precious', `resume=${resume}: the link was followed`);
      assert.ok((await lstat(join(out, 'plain.bin.part'))).isSymbolicLink());
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as Report;
      assert.equal(report.results[0]!.file, join(out, 'plain (1).bin'));
      assert.ok((await readFile(join(out, 'plain (1).bin'))).equals(data));
    }
  });
});
