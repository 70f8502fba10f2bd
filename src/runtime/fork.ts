import { type ChildProcess, fork } from 'node:child_process';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilesForWorkers, SERVED_CHILD_ENV, serveChild } from '../tasks/typescript-service.ts';
import { watchChild } from './child-watchdog.ts';

/** How child processes are started: what `ProcessPoolExecutor` and `Process` accept. */
export interface ForkOptions {
  /** Node flags for the child (default: the parent's own, minus debugger, test-runner and eval flags). */
  execArgv?: readonly string[];
  /** The child's environment (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** V8 old-space limit of the child in MiB (`--max-old-space-size`). */
  maxOldSpaceSizeMb?: number;
}

/** Flags of the parent that must not be repeated in a child: they bind ports, run tests or eval code. */
const DROPPED = /^--(inspect|debug|test|watch|experimental-test|input-type|eval|print)/;
const DROPPED_WITH_VALUE = new Set(['-e', '--eval', '-p', '--print', '--input-type', '--watch-path']);

const LOADER_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * The parent's Node flags that make sense in a child. tsx's loader is left out when spindle
 * itself is compiled (`dropTsx`): it costs a child about 0.4 s to start, and a `.ts` task module
 * registers tsx in the child on first use anyway (as in a worker thread).
 */
function inheritedExecArgv(dropTsx: boolean): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (DROPPED_WITH_VALUE.has(arg)) i++;
    else if (dropTsx && LOADER_FLAGS.has(arg) && argv[i + 1]?.includes('tsx')) i++;
    else if (dropTsx && /^--(import|require|loader|experimental-loader)=.*tsx/.test(arg)) continue;
    else if (!DROPPED.test(arg)) out.push(arg);
  }
  return out;
}

let tsxLoader: string | undefined;

/**
 * The child's flags: the user's (or the parent's), tsx's loader when the entry is TypeScript and
 * no loader is there yet (spindle running from its sources), and the heap limit.
 */
export function childExecArgv(entry: string, options: ForkOptions): string[] {
  const typescript = entry.endsWith('.ts');
  const argv = options.execArgv ? [...options.execArgv] : inheritedExecArgv(!typescript);
  if (typescript && !argv.some((arg) => arg.includes('tsx'))) {
    tsxLoader ??= import.meta.resolve('tsx');
    argv.push('--import', tsxLoader);
  }
  if (options.maxOldSpaceSizeMb !== undefined) argv.push(`--max-old-space-size=${options.maxOldSpaceSizeMb}`);
  return argv;
}

/** Validates the fork options shared by the process pool and `Process`. */
export function checkForkOptions(options: ForkOptions): ForkOptions {
  const { execArgv, env, maxOldSpaceSizeMb } = options;
  if (execArgv !== undefined && (!Array.isArray(execArgv) || execArgv.some((a) => typeof a !== 'string'))) {
    throw new TypeError('execArgv must be an array of strings');
  }
  if (env !== undefined && (env === null || typeof env !== 'object'))
    throw new TypeError('env must be an object');
  if (maxOldSpaceSizeMb !== undefined && (!Number.isInteger(maxOldSpaceSizeMb) || maxOldSpaceSizeMb < 1)) {
    throw new RangeError(`maxOldSpaceSizeMb must be an integer >= 1, got ${String(maxOldSpaceSizeMb)}`);
  }
  return { execArgv, env, maxOldSpaceSizeMb };
}

/**
 * Turns on V8's on-disk compile cache in the child where Node has one (≥ 22.1): every child
 * compiles spindle and the task modules again otherwise. A setting of the caller's wins.
 */
function withCompileCache(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.NODE_COMPILE_CACHE !== undefined || !('enableCompileCache' in nodeModule)) return env;
  return { ...env, NODE_COMPILE_CACHE: join(tmpdir(), 'node-compile-cache') };
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Forks `entry` (a spindle entry module URL) with structured-clone IPC. Every child is killed
 * when this process exits, a child exits by itself when its IPC channel closes, and the
 * {@link watchChild} watchdog SIGKILLs it if this process dies (even by SIGKILL) while the
 * child is too busy to notice: no orphans either way.
 */
export function forkEntry(
  entry: string,
  options: ForkOptions,
  onSpawnError: (error: Error) => void,
): ChildProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const child of live) child.kill('SIGKILL');
    });
  }
  // Where Node cannot strip types, this process compiles the child's `.ts` task modules.
  const serveTypeScript = compilesForWorkers();
  const env = withCompileCache(options.env ?? process.env);
  const child = fork(new URL(entry), [], {
    serialization: 'advanced',
    execArgv: childExecArgv(entry, options),
    env: serveTypeScript ? { ...env, [SERVED_CHILD_ENV]: '1' } : env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (serveTypeScript) serveChild(child);
  live.add(child);
  child.once('exit', () => live.delete(child));
  watchChild(child);
  // A send to a child that just died reports here too; its exit is what the owner acts on. A
  // child that never started (no pid) has no exit to wait for.
  child.on('error', (error) => {
    if (child.pid === undefined) {
      live.delete(child);
      onSpawnError(error);
    }
  });
  return child;
}

export { entryUrl } from './entry-url.ts';
