import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { openSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type CliResult, spindle } from './run-cli.ts';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** A runtime error: exit 1 and one line on stderr that matches `pattern`, no stack. */
function oneLine(r: CliResult, pattern: RegExp): void {
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
}

/** Runs spindle with stdout on the file `stdoutPath` (e.g. /dev/full). */
function spindleInto(stdoutPath: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      stdio: ['ignore', openSync(stdoutPath, 'w'), 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: '', stderr });
    });
  });
}

describe('runtime errors are one line, exit 1, no stack', { timeout: 240_000 }, () => {
  let dir: string;
  let file: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-errors-'));
    file = join(dir, 'taken');
    writeFileSync(file, 'not a directory');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('download -o FILE (EEXIST) and -o FILE/sub (ENOTDIR)', async () => {
    const [exists, notDir] = await Promise.all([
      spindle(['download', '-o', file, 'http://127.0.0.1:9/x.bin']),
      spindle(['download', '-o', join(file, 'sub'), 'http://127.0.0.1:9/x.bin']),
    ]);
    oneLine(exists, /^spindle: cannot create directory .*taken: a file of that name already exists$/);
    oneLine(
      notDir,
      /^spindle: cannot create directory .*taken\/sub: a part of the path is a file, not a directory$/,
    );
  });

  test('echo serve on a taken port (EADDRINUSE) and on a host that does not resolve', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const [inUse, unknown] = await Promise.all([
        spindle(['echo', 'serve', '--port', String(port)]),
        spindle(['echo', 'serve', '--host', 'no-such-host.invalid', '--port', '0']),
      ]);
      oneLine(
        inUse,
        new RegExp(`^spindle: cannot listen on 127\\.0\\.0\\.1:${port}: the address is already in use$`),
      );
      oneLine(unknown, /^spindle: cannot resolve no-such-host\.invalid: the host name could not be resolved/);
    } finally {
      taken.close();
    }
  });

  test('a full disk under stdout says "no space left on device"', async () => {
    const [version, job] = await Promise.all([
      spindleInto('/dev/full', ['--version']),
      spindleInto('/dev/full', ['crunch', 'factorials', '--from', '1', '--to', '500', '--backend', 'serial']),
    ]);
    oneLine(version, /^spindle: cannot write the output: no space left on device$/);
    oneLine(job, /^spindle: cannot write the output: no space left on device$/);
  });

  test('--debug adds the stack', async () => {
    const r = await spindle(['download', '--debug', '-o', file, 'http://127.0.0.1:9/x.bin']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^spindle: cannot create directory .*: a file of that name already exists\n/);
    assert.match(r.stderr, /^\s+at /m, 'the stack follows');
  });

  test('a usage error about a URL never shows its credentials', async () => {
    const r = await spindle(['download', '--checksum', 'sha256=zz', 'http://me:secret@127.0.0.1:9/x.bin']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^spindle: http:\/\/\*\*\*@127\.0\.0\.1:9\/x\.bin: expected ALGO=HEX/);
    assert.doesNotMatch(r.stderr, /secret/);
  });
});
