/**
 * The process-wide (per JS thread) cache of worker threads that Threads run on: the pool engine
 * with `prefetch: 1`, so a worker holds one Thread at a time — a second Thread never queues
 * behind a running one (it could block forever on a `…Sync` call); when every worker is busy a
 * new one is spawned. Idle workers stay for IDLE_MS, unref'd, so they never keep the process
 * alive; a running non-daemon Thread does.
 */
import { BrokenExecutorError } from '../errors.ts';
import { Pool } from '../pool/pool.ts';
import type { PoolTask } from '../pool/pool-task.ts';
import { threadRuntime } from '../runtime/thread-runtime.ts';
import { describeTask } from '../tasks/describe.ts';
import { encodeShared } from '../wire/shared-codec.ts';
import { runThread } from './thread-target.ts';

/** How long an idle worker is kept for the next Thread. */
const IDLE_MS = 5_000;

let pool: Pool | undefined;

function threadPool(): Pool {
  pool ??= new Pool({
    name: 'Thread',
    maxWorkers: Number.POSITIVE_INFINITY,
    runtime: threadRuntime,
    initializer: undefined,
    initargs: [],
    idleTimeout: IDLE_MS,
    maxQueue: Number.POSITIVE_INFINITY,
    resourceLimits: undefined,
    cancelGrace: 1000,
    prefetch: 1,
    maxTasksPerWorker: Number.POSITIVE_INFINITY,
  });
  return pool;
}

/**
 * Runs `runThread(...args)` on a worker of its own. Shared primitives in `args` travel as wire
 * records. A cache broken by workers that kept dying at start-up fails the Threads it held; it
 * is then replaced, so one bad start does not fail every later Thread.
 */
export function runOnWorker(args: unknown[], daemon: boolean): PoolTask<void> {
  const submit = () =>
    threadPool().submit<void>(describeTask(runThread), encodeShared(args) as unknown[], {
      signal: undefined,
      timeout: undefined,
      transfer: undefined,
      shared: true,
      keepAlive: !daemon,
    });
  try {
    return submit();
  } catch (error) {
    if (!(error instanceof BrokenExecutorError)) throw error;
    pool = undefined;
    return submit();
  }
}
