/** Runs a command-line program to completion for the CLI scenarios: its stdout, and its CPU time. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built `spindle` command (bench runs `npm run build` first). */
export const SPINDLE = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/**
 * Runs `file ...args` under GNU time and returns its stdout and the user + system CPU time of the
 * whole process (all its threads), in ms.
 */
export function timedRun(
  file: string,
  args: string[],
  timeoutMs = 300_000,
): Promise<{ stdout: string; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/time',
      ['-f', '@@cpu %U %S', file, ...args],
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${file} ${args.join(' ')}: ${error.message}\n${stderr}`));
        const match = /@@cpu ([\d.]+) ([\d.]+)/.exec(stderr);
        if (match === null) return reject(new Error(`no CPU time from /usr/bin/time: ${stderr}`));
        resolve({ stdout, cpuMs: 1000 * (Number(match[1]) + Number(match[2])) });
      },
    );
  });
}
