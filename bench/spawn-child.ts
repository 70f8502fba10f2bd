/** Runs one measurement in a fresh Node process and returns its result. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RESULT_PREFIX } from './scenario.ts';

const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));

/**
 * `node --expose-gc bench/child.mjs …args`: no `--import tsx` (child.mjs registers tsx for its
 * main thread only), and --expose-gc so scenarios can settle the heap before sampling memory.
 */
export function runChild(args: string[], timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line !== undefined) {
        resolve(JSON.parse(line.slice(RESULT_PREFIX.length)));
      } else {
        const why = signal === 'SIGKILL' ? `timed out after ${timeoutMs / 1000} s` : `exit ${code ?? signal}`;
        reject(new Error(`child ${args.slice(0, 2).join(' ')} failed (${why})`));
      }
    });
  });
}
