/** Runs an example program the way the README does, for the examples' tests. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs `examples/<name>` under tsx and returns its stdout (what its threads and child processes
 * printed too). The examples import 'spindle', which resolves to dist/: `npm test` builds first.
 */
export async function runExample(name: string, ...args: string[]): Promise<string> {
  const file = fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', file, ...args], { timeout: 60_000 });
  return stdout;
}
