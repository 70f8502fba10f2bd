import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const script = fileURLToPath(new URL('../fixtures/thread-exit.ts', import.meta.url));
const run = (mode: string) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', script, mode], { timeout: 30_000 });

describe('Thread and process exit', () => {
  it('a non-daemon thread keeps the process alive until it ends', { timeout: 40_000 }, async () => {
    const { stdout } = await run('non-daemon');
    assert.equal(stdout, 'main done\nthread done\n');
  });

  it('a daemon thread blocked forever does not keep the process alive', { timeout: 40_000 }, async () => {
    const { stdout } = await run('daemon');
    assert.equal(stdout, 'main done\n');
  });

  it('idle cached workers hold nothing open after join', { timeout: 40_000 }, async () => {
    const { stdout } = await run('idle');
    assert.equal(stdout, 'nothing new holds the process\nmain done\n');
  });
});
