/**
 * The guard against a program that defines its tasks in its own main script and starts a pool at
 * its top level: a worker imports that script to find the task, the script starts a pool of its
 * own there, whose workers import the script again… until the process runs out of memory.
 * Python's spawn start method refuses the same mistake ("An attempt has been made to start a new
 * process before the current process has finished its bootstrapping phase"); spindle makes the
 * pool's constructor throw while a worker imports the main script, so the call fails with a
 * message that says what to do instead.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { SpindleError } from '../errors.ts';

let ownMain: { url: string | undefined } | undefined;

/**
 * The URL of this process's main script, as `import.meta.url` spells it (undefined if unknown),
 * read once. Pools and processes pass it to the workers and children they start.
 */
export function mainScriptUrl(): string | undefined {
  ownMain ??= { url: readMainScript() };
  return ownMain.url;
}

function readMainScript(): string | undefined {
  const script = process.argv[1];
  if (script === undefined) return undefined;
  try {
    return pathToFileURL(realpathSync(script)).href;
  } catch {
    return undefined; // `node -e`, a REPL, a script that has since moved
  }
}

let programMain: string | undefined;
let importingMain = 0;

/** Worker side: the program's main script, as the pool's thread saw it (WorkerBoot.mainScript). */
export function setProgramMain(url: string | undefined): void {
  programMain = url;
}

/** Runs `load` (an import of `moduleUrl`), noting whether that module is the program's main script. */
export async function importing<T>(moduleUrl: string, load: () => Promise<T>): Promise<T> {
  if (moduleUrl !== programMain) return load();
  importingMain++;
  try {
    return await load();
  } finally {
    importingMain--;
  }
}

/**
 * Throws if a worker is importing the program's main script right now (called by every
 * executor's constructor, and by `Process.start()` and `Thread.start()`).
 *
 * @example
 * ```ts
 * checkNotImportingMain('a ThreadPoolExecutor was created');
 * ```
 */
export function checkNotImportingMain(what: string): void {
  if (importingMain === 0) return;
  throw new SpindleError(
    'ERR_POOL_IN_MAIN_IMPORT',
    `${what} while a worker imported the program's main script (${programMain}) to ` +
      'find a task defined there: its top-level code runs again in every worker, and each would ' +
      'start workers of its own. Define tasks in a module of their own and import them, or start ' +
      "pools, threads and processes only in the main program (`if (isMainThread)` from 'node:worker_threads').",
  );
}
