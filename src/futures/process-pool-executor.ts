import { checkForkOptions, type ForkOptions } from '../runtime/fork.ts';
import { processRuntime } from '../runtime/process-runtime.ts';
import { PoolExecutor, type PoolExecutorOptions, poolSettings } from './pool-executor.ts';
import { checkTimeout } from './wait-options.ts';

/** Options of {@link ProcessPoolExecutor}. */
export interface ProcessPoolExecutorOptions extends PoolExecutorOptions, ForkOptions {
  /**
   * Tasks a child runs before it is replaced by a fresh one (Python's `max_tasks_per_child`;
   * default: never). Bounds what a leaky task can accumulate.
   */
  maxTasksPerChild?: number;
}

/**
 * Python's `concurrent.futures.ProcessPoolExecutor` on child processes (`child_process.fork`
 * with structured-clone IPC): each task runs in its own V8 heap and OS process, so a crash, an
 * out-of-memory death or a task stuck in a loop costs one child — never the caller. Same
 * contract as {@link ThreadPoolExecutor}.
 *
 * Each child holds one call at a time, and a call counts as running from the moment it is sent
 * (as in Python): `cancel()` succeeds only while the call waits in the pool's queue. A child
 * that dies fails only the call it held, with `WorkerCrashedError` (`exitCode`, `signal`); it is
 * replaced and the queue goes on. A timed-out or cancelled task's signal is aborted; if it is
 * still running after `cancelGrace` ms its child gets SIGTERM, then SIGKILL after another
 * `cancelGrace`. Shared memory (`SharedArrayBuffer` and what wraps it) cannot be an argument;
 * `transfer` lists are accepted and ignored (a process boundary always copies). Children exit
 * on `shutdown()`, when this process exits, and when it dies (even by SIGKILL: the child sees its
 * IPC channel close — as soon as it reaches its event loop, so a task stuck in synchronous code
 * finishes first). Idle children never keep this process alive.
 *
 * @example
 * ```ts
 * import { ProcessPoolExecutor } from 'spindle';
 * import { isPrime } from './tasks.ts';
 * await using pool = new ProcessPoolExecutor({ maxWorkers: 4, maxTasksPerChild: 1000 });
 * console.log(await pool.submit(isPrime, 97)); // true
 * console.log(await pool.map(isPrime, [1, 2, 3], { chunksize: 100 }).toArray()); // [false, true, true]
 * ```
 */
export class ProcessPoolExecutor extends PoolExecutor {
  constructor(options: ProcessPoolExecutorOptions = {}) {
    const maxTasksPerChild = options?.maxTasksPerChild ?? Number.POSITIVE_INFINITY;
    if (
      maxTasksPerChild !== Number.POSITIVE_INFINITY &&
      (!Number.isInteger(maxTasksPerChild) || maxTasksPerChild < 1)
    ) {
      throw new RangeError(`maxTasksPerChild must be an integer >= 1, got ${String(maxTasksPerChild)}`);
    }
    const fork = checkForkOptions(options ?? {});
    const killGrace = checkTimeout(options?.cancelGrace, 'cancelGrace') ?? 1000;
    const settings = poolSettings(options, {
      defaultName: 'ProcessPoolExecutor',
      runtime: processRuntime({ ...fork, killGrace }),
      boundary: 'process',
      prefetch: 1,
      maxTasksPerWorker: maxTasksPerChild,
    });
    super(settings, 'process');
  }
}
