/**
 * Shared by S12 and S13 (whose server is bench/nginx.ts): a timer around one run of a
 * command-line tool, spindle's own bin included.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { now } from './stats.ts';

/** The built `spindle` bin (`npm run bench` builds first). */
export const SPINDLE_BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** Runs `command args…` to completion; resolves its wall time (ms) and stdout, throws on failure. */
export function timeTool(command: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s.slice(-2000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = now() - started;
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`${command} exited ${code}: ${stderr.slice(-500)}`));
    });
  });
}
