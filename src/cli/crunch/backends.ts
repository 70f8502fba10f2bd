/**
 * Where `spindle crunch` runs its pieces: on the main thread one after another (serial), on
 * spindle's ThreadPoolExecutor, or on its ProcessPoolExecutor. The names are parsed in parse.ts.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type Executor, ProcessPoolExecutor, ThreadPoolExecutor } from '../../futures/index.ts';
import { ToolError } from '../exit-codes.ts';
import { loadDistributed } from '../load-distributed.ts';
import type { BackendName } from './parse.ts';
import { TASKS_MODULE, warmUp } from './tasks.ts';

/** How long `--backend redis://…` waits for a first `spindle worker` to answer. */
const WORKER_WAIT_MS = 30_000;

/** A started backend: runs a task with its arguments, and stops. */
export interface Backend {
  readonly name: BackendName;
  readonly workers: number;
  /** Milliseconds it took to start the workers (not part of a job's timing). */
  readonly startMs: number;
  /** Work runs in child processes, whose CPU time this process's cpuUsage() does not include. */
  readonly inChildProcesses: boolean;
  run<A extends unknown[], R>(task: (...args: A) => R, ...args: A): Promise<Awaited<R>>;
  close(): Promise<void>;
}

/**
 * Starts `name` with `workers` workers (serial always has one) and waits until each is ready.
 *
 * @example
 * ```ts
 * const backend = await openBackend('threads', 2);
 * try { await backend.run(sievePiece, 0, 100, primes, 3000); } finally { await backend.close(); }
 * ```
 */
export async function openBackend(name: BackendName, workers: number): Promise<Backend> {
  if (name === 'serial') return serialBackend();
  if (name.startsWith('redis')) return distributedBackend(name, workers);
  const started = performance.now();
  // prefetch 1: pieces are long, so each goes to an idle worker rather than queueing behind another.
  const executor: Executor =
    name === 'processes'
      ? new ProcessPoolExecutor({ maxWorkers: workers })
      : new ThreadPoolExecutor({ maxWorkers: workers, prefetch: 1 });
  await Promise.all(Array.from({ length: workers }, () => executor.submit(warmUp)));
  return {
    name,
    workers,
    startMs: performance.now() - started,
    inChildProcesses: name === 'processes',
    run: (task, ...args) => executor.submit(task, ...args),
    close: () => executor.shutdown(),
  };
}

/**
 * The distributed executor on Redis: pieces go to whatever `spindle worker` processes serve the
 * queue (loaded only for this backend). `workers` sizes the pieces; CPU time counts this process
 * only, since the work runs on other machines.
 */
async function distributedBackend(connection: BackendName, workers: number): Promise<Backend> {
  const { DistributedExecutor } = await loadDistributed();
  const started = performance.now();
  const executor = new DistributedExecutor({ connection });
  try {
    await executor.submit(warmUp).result({ timeout: WORKER_WAIT_MS });
  } catch (error) {
    await executor.shutdown({ cancelFutures: true });
    const tasks = fileURLToPath(TASKS_MODULE);
    throw new ToolError(
      `no spindle worker answered on ${connection} within ${WORKER_WAIT_MS / 1000} s ` +
        `(${(error as Error).message}); start one: spindle worker --connection ${connection} --tasks ${tasks}`,
    );
  }
  return {
    name: connection,
    workers,
    startMs: performance.now() - started,
    inChildProcesses: false,
    run: (task, ...args) => executor.submit(task, ...args),
    close: () => executor.shutdown(),
  };
}

/** The main thread, one piece at a time in order, yielding between pieces so progress and Ctrl-C get through. */
function serialBackend(): Backend {
  let last: Promise<unknown> = Promise.resolve();
  return {
    name: 'serial',
    workers: 1,
    startMs: 0,
    inChildProcesses: false,
    run<A extends unknown[], R>(task: (...args: A) => R, ...args: A): Promise<Awaited<R>> {
      const result = last.then(nextTurn).then(() => task(...args) as Awaited<R>);
      last = result.catch(() => {});
      return result;
    },
    close: () => last.then(() => {}),
  };
}
