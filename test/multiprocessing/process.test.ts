import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { InvalidStateError } from '../../src/index.ts';
import { Process } from '../../src/multiprocessing/index.ts';
import { exitWith, sleepTarget, writeFile } from '../fixtures/mp-tasks.ts';
import { allGone, bounded, runModule, tempFile } from './helpers.ts';

describe('Process', () => {
  test('runs its target with its arguments in another process; exit code 0', bounded, async (t) => {
    const file = tempFile(t, 'out.txt');
    const p = new Process({ target: writeFile, args: [file, 'written by the child'] });
    assert.equal(p.isAlive(), false);
    assert.equal(p.exitCode, null);
    p.start();
    assert.equal(p.isAlive(), true);
    assert.ok(p.pid !== undefined && p.pid !== process.pid, `a child pid, got ${p.pid}`);
    assert.match(p.name, /^Process-\d+$/);
    await p.join();
    assert.equal(p.exitCode, 0);
    assert.equal(p.isAlive(), false);
    assert.equal(readFileSync(file, 'utf8'), 'written by the child');
    assert.throws(() => p.start(), InvalidStateError);
  });

  test(
    'an exception in the target: exit code 1 and "Process <name>:" with the stack on stderr',
    bounded,
    async () => {
      const script = `
      import { Process } from ${JSON.stringify(new URL('../../src/multiprocessing/index.ts', import.meta.url).href)};
      import { failTarget } from ${JSON.stringify(new URL('../fixtures/mp-tasks.ts', import.meta.url).href)};
      const p = new Process({ target: failTarget, name: 'worker-7' });
      p.start();
      await p.join();
      console.log('exitCode', p.exitCode);
    `;
      const { stdout: out, stderr: err } = await runModule(script, true);
      assert.match(out, /exitCode 1/);
      assert.match(err, /Process worker-7:\nError: target failed on purpose\n\s+at failTarget/);
    },
  );

  test('process.exit(n) in the target gives exit code n', bounded, async () => {
    const p = new Process({ target: exitWith, args: [3] });
    p.start();
    await p.join();
    assert.equal(p.exitCode, 3);
  });

  test('terminate() and kill(): negative signal numbers, as in Python', bounded, async () => {
    const a = new Process({ target: sleepTarget, args: [60_000] });
    const b = new Process({ target: sleepTarget, args: [60_000] });
    a.start();
    b.start();
    a.terminate();
    b.kill();
    await Promise.all([a.join(), b.join()]);
    assert.equal(a.exitCode, -15);
    assert.equal(b.exitCode, -9);
  });

  test('join({ timeout }) returns while the child still runs', bounded, async () => {
    const p = new Process({ target: sleepTarget, args: [60_000] });
    p.start();
    await p.join({ timeout: 50 });
    assert.equal(p.isAlive(), true, 'still running after a join that timed out');
    p.kill();
    await p.join();
    assert.equal(await allGone([p.pid!], 5000), true, 'gone');
  });

  test('shared memory in args is refused at start', () => {
    const p = new Process({ target: writeFile, args: [new SharedArrayBuffer(4) as never, 'x'] });
    assert.throws(() => p.start(), /process boundary.*Manager/s);
  });

  test('a daemon process does not keep the parent alive and dies with it', bounded, async () => {
    const script = `
      import { Process } from ${JSON.stringify(new URL('../../src/multiprocessing/index.ts', import.meta.url).href)};
      import { sleepTarget } from ${JSON.stringify(new URL('../fixtures/mp-tasks.ts', import.meta.url).href)};
      const p = new Process({ target: sleepTarget, args: [60000], daemon: true });
      p.start();
      await new Promise((r) => setTimeout(r, 300));
      console.log(p.pid);
    `;
    const { code, stdout: out } = await runModule(script);
    assert.equal(code, 0, 'the parent exited by itself');
    const pid = Number(out.trim());
    assert.ok(pid > 0, `printed the daemon's pid: ${out}`);
    assert.equal(await allGone([pid], 10_000), true, 'the daemon died with its parent');
  });
});
