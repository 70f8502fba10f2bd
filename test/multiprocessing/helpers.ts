/** Helpers of the process tests: temporary files, and whether a pid is still a live process. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/** A fresh file path in a temporary directory removed after the test. */
export function tempFile(t: TestContext, name = 'runs.txt'): string {
  const dir = mkdtempSync(join(tmpdir(), 'spindle-proc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, name);
}

/** The lines of `file` as numbers (empty when it does not exist). */
export function readRuns(file: string): number[] {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** True while `pid` is a running process (a zombie waiting to be reaped counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Waits until every pid is gone; false if some are still alive after `ms`. */
export async function allGone(pids: number[], ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pids.every((pid) => !isAlive(pid))) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return pids.every((pid) => !isAlive(pid));
}

/** Counts of each value. */
export function tally(values: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Bounds a test: a regression that hangs fails instead of blocking the suite. */
export const bounded = { timeout: 60_000 };

/** What a script run by {@link runNode} printed, and how it ended. */
export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node --import tsx …args` to its exit (SIGKILLed after `limitMs`: a hang fails, never
 * blocks) and collects its output. stderr is collected only when `captureStderr`.
 */
export async function runNode(args: string[], captureStderr = false, limitMs = 30_000): Promise<ScriptRun> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['ignore', 'pipe', captureStderr ? 'pipe' : 'inherit'],
  });
  const run: ScriptRun = { code: null, stdout: '', stderr: '' };
  child.stdout?.on('data', (d) => {
    run.stdout += d;
  });
  child.stderr?.on('data', (d) => {
    run.stderr += d;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  run.code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(killer);
  return run;
}

/** `runNode` for an ES module given as source text. */
export function runModule(source: string, captureStderr = false): Promise<ScriptRun> {
  return runNode(['--input-type=module', '-e', source], captureStderr);
}
