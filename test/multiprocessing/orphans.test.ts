import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { allGone, isAlive, tempFile } from './helpers.ts';

describe('children never outlive their parent', () => {
  test('kill -9 of the parent ends a pool child and a Process that spin in a synchronous loop', {
    timeout: 90_000,
  }, async (t) => {
    const script = fileURLToPath(new URL('../fixtures/busy-orphans-parent.ts', import.meta.url));
    const parent = spawn(process.execPath, ['--import', 'tsx', script, dirname(tempFile(t))], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const killer = setTimeout(() => parent.kill('SIGKILL'), 60_000);
    let out = '';
    parent.stdout.setEncoding('utf8');
    for await (const chunk of parent.stdout) {
      out += chunk;
      if (out.includes('\n')) break;
    }
    clearTimeout(killer);
    const pids = JSON.parse(out) as number[];
    t.after(() => {
      for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    });
    assert.equal(pids.length, 2);
    for (const pid of pids) assert.equal(isAlive(pid), true, `child ${pid} spins before the kill`);
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    assert.equal(await allGone(pids, 20_000), true, `children ${pids} went with their parent`);
  });
});
