import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runExample } from './helpers/run-example.ts';

// The examples import 'spindle/asyncio', which resolves to dist/: `npm test` builds first.
const file = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));
const example = runExample;

/** The seconds an example reports in its last line ("finished in 2.01 s"). */
const seconds = (lines: string[]) => Number(/finished in ([\d.]+) s/.exec(lines.at(-1) ?? '')?.[1]);

describe('asyncio examples from chapter 13', () => {
  test('§4 say_after with two tasks: Started tasks, hello, world; concurrent, not 3 s', {
    timeout: 60_000,
  }, async () => {
    const lines = (await example('chapter13-say-after.ts')).trim().split('\n');
    assert.deepEqual(lines.slice(0, 3), ['Started tasks', 'hello', 'world']);
    const s = seconds(lines);
    // Timers never fire early, so a serial run takes >= 3 s; concurrent takes about 2.
    assert.ok(s >= 2 && s < 3, `took ${s} s: the two sleeps overlapped`);
  });

  test('§4 the same with gather', { timeout: 60_000 }, async () => {
    const lines = (await example('chapter13-gather.ts')).trim().split('\n');
    assert.deepEqual(lines.slice(0, 3), ['hello', 'world', 'gathered: hello world']);
    const s = seconds(lines);
    assert.ok(s >= 2 && s < 3, `took ${s} s: the two sleeps overlapped`);
  });

  test('exercise 4: the TCP echo server serves many clients at once', { timeout: 60_000 }, async () => {
    const server = spawn(process.execPath, ['--import', 'tsx', file('echo-server.ts'), '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: server.stdout });
      const out: string[] = [];
      const banner = await new Promise<string>((resolve) => lines.once('line', resolve));
      lines.on('line', (line) => out.push(line));
      const port = /^Serving on 127\.0\.0\.1:(\d+)$/.exec(banner)?.[1];
      assert.ok(port, `the server announced its port: ${banner}`);
      const clientOut = await example('echo-client.ts', port, '20', '5');
      assert.equal(clientOut, '20 clients: 100 lines echoed, all correct\n');
      server.kill('SIGTERM');
      const [code] = await once(server, 'exit');
      assert.equal(code, 0);
      assert.deepEqual(out, ['served 20 connections, echoed 100 lines']);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  });
});
