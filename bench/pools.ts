/**
 * One small adapter per pool library, so that each scenario is written once. Every adapter
 * calls the library the way its README shows, with 2 workers, and adds nothing but a
 * function call and a name lookup per task.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { FixedThreadPool } from 'poolifier';
import { ThreadPoolExecutor } from 'spindle';
import Tinypool from 'tinypool';
import workerpool from 'workerpool';
import * as tasks from './workers/spindle-tasks.mjs';

export const POOL_SYSTEMS = ['spindle', 'piscina', 'tinypool', 'poolifier', 'workerpool'] as const;
export type PoolSystem = (typeof POOL_SYSTEMS)[number];

/** Names of the functions in bench/workers/kernels.mjs that pools run. */
export type Kernel = 'inc' | 'spin' | 'byteLength' | 'incChunk';

export interface BenchPool {
  /** Runs `kernel(arg)` on a worker; `transfer` moves the listed buffers instead of copying. */
  run(kernel: Kernel, arg: unknown, transfer?: ArrayBuffer[]): PromiseLike<unknown>;
  /** The library's own shutdown / destroy / terminate; resolves when it says it is done. */
  close(): Promise<void>;
}

export const WORKERS = 2;

const workerFile = (name: string) => new URL(`./workers/${name}`, import.meta.url);

function spindlePool(): BenchPool {
  const pool = new ThreadPoolExecutor({ maxWorkers: WORKERS });
  const byName = { inc: tasks.inc, spin: tasks.spin, byteLength: tasks.byteLength } as Record<
    string,
    (arg: any) => unknown
  >;
  return {
    run(kernel, arg, transfer) {
      const task = byName[kernel];
      if (task === undefined) throw new Error(`spindle runs ${kernel} through map, not submit`);
      return transfer ? pool.submitWith({ transfer }, task, arg) : pool.submit(task, arg);
    },
    close: () => pool.shutdown(),
  };
}

function piscinaPool(): BenchPool {
  const pool = new Piscina({
    filename: fileURLToPath(workerFile('piscina-worker.mjs')),
    minThreads: WORKERS,
    maxThreads: WORKERS,
  });
  return {
    run: (name, arg, transferList) => pool.run(arg, transferList ? { name, transferList } : { name }),
    close: () => pool.destroy(),
  };
}

function tinypoolPool(): BenchPool {
  const pool = new Tinypool({
    filename: workerFile('tinypool-worker.mjs').href,
    minThreads: WORKERS,
    maxThreads: WORKERS,
  });
  return {
    run: (name, arg, transferList) => pool.run(arg, transferList ? { name, transferList } : { name }),
    close: () => pool.destroy(),
  };
}

function poolifierPool(): BenchPool {
  const pool = new FixedThreadPool(WORKERS, fileURLToPath(workerFile('poolifier-worker.mjs')));
  return {
    run: (name, arg, transfer) => pool.execute(arg, name, undefined, transfer),
    close: () => pool.destroy(),
  };
}

function workerpoolPool(): BenchPool {
  const pool = workerpool.pool(fileURLToPath(workerFile('workerpool-worker.mjs')), {
    minWorkers: WORKERS,
    maxWorkers: WORKERS,
    workerType: 'thread',
  });
  return {
    run: (name, arg, transfer) => pool.exec(name, [arg], transfer ? { transfer } : undefined),
    close: async () => {
      await pool.terminate();
    },
  };
}

const factories: Record<PoolSystem, () => BenchPool> = {
  spindle: spindlePool,
  piscina: piscinaPool,
  tinypool: tinypoolPool,
  poolifier: poolifierPool,
  workerpool: workerpoolPool,
};

export function createPool(system: PoolSystem): BenchPool {
  return factories[system]();
}

/**
 * Closes `pool` and returns how long that took, or undefined if it had not finished after
 * `limitMs` (then it warns and leaves the pool behind; the child process exits anyway).
 * Needed because poolifier's destroy() sometimes never resolves: one worker's exit never comes.
 */
export async function closePool(
  pool: Pick<BenchPool, 'close'>,
  system: string,
  limitMs = 5_000,
): Promise<number | undefined> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    pool.close().then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), limitMs);
    }),
  ]);
  clearTimeout(timer);
  if (closed) return performance.now() - start;
  process.stderr.write(`warning: ${system} close() had not resolved after ${limitMs} ms\n`);
  return undefined;
}

export function isPoolSystem(id: string): id is PoolSystem {
  return (POOL_SYSTEMS as readonly string[]).includes(id);
}
