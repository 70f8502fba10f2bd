import { availableParallelism } from 'node:os';
import { InvalidStateError } from '../errors.ts';
import type { Future } from '../futures/future.ts';
import { submitChunk } from '../futures/pool-executor.ts';
import { ProcessPoolExecutor } from '../futures/process-pool-executor.ts';
import type { ForkOptions } from '../runtime/fork.ts';
import { deserializeError } from '../wire/error-codec.ts';

/** Options of {@link Pool} (Python's keyword arguments, plus how children are started). */
export interface PoolOptions extends ForkOptions {
  initializer?: (...args: any[]) => unknown;
  initargs?: unknown[];
  /** Tasks a child runs before it is replaced (Python's `maxtasksperchild`). */
  maxTasksPerChild?: number;
}

/**
 * Python's `multiprocessing.Pool` over spindle's process pool: `apply`, `applyAsync`, `map`,
 * `imap`, `imapUnordered`, `starmap`, then `close()` + `join()` or `terminate()`. Everything that
 * waits returns a Promise (or a Future for `applyAsync`).
 *
 * `await using pool = new Pool(4)` closes the pool and waits for its outstanding work at the end
 * of the block — unlike Python's `with Pool() as pool:`, whose exit calls `terminate()` and kills
 * work still running. Call `terminate()` yourself for Python's behaviour.
 *
 * @example
 * ```ts
 * import { Pool } from 'spindle/multiprocessing';
 * import { square } from './tasks.ts';
 * await using pool = new Pool(4);
 * console.log(await pool.map(square, [1, 2, 3, 4])); // [1, 4, 9, 16]
 * ```
 */
export class Pool implements AsyncDisposable {
  readonly #executor: ProcessPoolExecutor;
  readonly #processes: number;
  #state: 'RUN' | 'CLOSE' | 'TERMINATE' = 'RUN';
  #closed: Promise<void> | undefined;

  /** @param processes number of children (default `os.availableParallelism()`). */
  constructor(processes?: number, options: PoolOptions = {}) {
    this.#processes = processes ?? availableParallelism();
    this.#executor = new ProcessPoolExecutor({ ...options, maxWorkers: this.#processes, name: 'Pool' });
  }

  /**
   * Runs `fn(...args)` in a child and resolves with its result (Python's blocking `apply`).
   *
   * @example
   * ```ts
   * console.log(await pool.apply(add, [2, 3])); // 5
   * ```
   */
  apply<A extends unknown[], R>(fn: (...args: A) => R, args?: A): Promise<Awaited<R>> {
    return this.applyAsync(fn, args).result();
  }

  /**
   * Schedules `fn(...args)` and returns its Future (Python's `AsyncResult`: `await f`, `f.result()`).
   *
   * @example
   * ```ts
   * const f = pool.applyAsync(add, [2, 3]); console.log(await f); // 5
   * ```
   */
  applyAsync<A extends unknown[], R>(fn: (...args: A) => R, args?: A): Future<Awaited<R>> {
    this.#assertRunning();
    return this.#executor.submit(fn, ...((args ?? []) as A));
  }

  /**
   * Applies `fn` to every item, in chunks of `chunksize` (default as Python: about four chunks per
   * process), and resolves with the results in order.
   *
   * @example
   * ```ts
   * await pool.map(square, [1, 2, 3, 4]); // [1, 4, 9, 16]
   * ```
   */
  map<T, R>(fn: (item: T) => R, iterable: Iterable<T>, chunksize?: number): Promise<Awaited<R>[]> {
    this.#assertRunning();
    const items = [...iterable];
    return this.#executor
      .map(fn, items, { chunksize: chunksize ?? this.#defaultChunksize(items.length) })
      .toArray();
  }

  /**
   * Like `map`, for functions of several arguments: each item is an argument list.
   *
   * @example
   * ```ts
   * await pool.starmap(add, [[1, 2], [3, 4]]); // [3, 7]
   * ```
   */
  starmap<A extends unknown[], R>(fn: (...args: A) => R, iterable: Iterable<A>): Promise<Awaited<R>[]> {
    this.#assertRunning();
    return Promise.all([...iterable].map((args) => this.#executor.submit(fn, ...args).result()));
  }

  /**
   * Lazy, ordered results as an async iterator (Python's `imap`).
   *
   * @example
   * ```ts
   * for await (const y of pool.imap(square, range(10))) console.log(y);
   * ```
   */
  imap<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T> | AsyncIterable<T>,
    chunksize = 1,
  ): AsyncIterableIterator<Awaited<R>> {
    this.#assertRunning();
    return this.#executor.map(fn, iterable, { chunksize });
  }

  /**
   * Results in completion order (Python's `imap_unordered`), with a bounded number of chunks in flight.
   *
   * @example
   * ```ts
   * for await (const y of pool.imapUnordered(slowSquare, [3, 1, 2])) console.log(y); // fastest first
   * ```
   */
  async *imapUnordered<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T>,
    chunksize = 1,
  ): AsyncGenerator<Awaited<R>> {
    this.#assertRunning();
    if (!Number.isInteger(chunksize) || chunksize < 1)
      throw new RangeError('chunksize must be an integer >= 1');
    const source = iterable[Symbol.iterator]();
    const limit = Math.max(2, this.#processes * 2);
    type Done = { entry: Promise<Done>; results: Awaited<R>[] };
    const inflight = new Set<Promise<Done>>();
    let exhausted = false;
    const fill = () => {
      while (!exhausted && inflight.size < limit) {
        const chunk: T[] = [];
        while (chunk.length < chunksize) {
          const next = source.next();
          if (next.done) {
            exhausted = true;
            break;
          }
          chunk.push(next.value);
        }
        if (chunk.length === 0) return;
        const future = this.#executor[submitChunk](fn, chunk);
        const entry: Promise<Done> = future.result().then(([results, error]) => {
          if (error !== undefined) throw deserializeError(error);
          return { entry, results };
        });
        entry.catch(() => {}); // the race below reports it; later chunks' failures are not unhandled
        inflight.add(entry);
      }
    };
    fill();
    while (inflight.size > 0) {
      const { entry, results } = await Promise.race(inflight);
      inflight.delete(entry);
      fill();
      yield* results;
    }
  }

  /** No more tasks may be submitted; outstanding work still completes. */
  close(): void {
    if (this.#state === 'RUN') this.#state = 'CLOSE';
    this.#closed ??= this.#executor.shutdown();
  }

  /**
   * Stops now: work not started is cancelled, running tasks fail with CancelledError and their
   * children are terminated. Resolves when every child has exited.
   *
   * @example
   * ```ts
   * await pool.terminate();
   * ```
   */
  terminate(): Promise<void> {
    this.#state = 'TERMINATE';
    const stopped = this.#executor.shutdown({ cancelFutures: true, timeout: 0 });
    this.#closed = stopped;
    return stopped;
  }

  /**
   * Resolves once every child has exited; call `close()` or `terminate()` first (as in Python).
   *
   * @example
   * ```ts
   * pool.close(); await pool.join();
   * ```
   */
  join(): Promise<void> {
    if (this.#state === 'RUN') throw new InvalidStateError('call close() or terminate() before join()');
    return this.#closed!;
  }

  /** `await using`: `close()` then `join()` — waits for outstanding work (Python's `with` terminates). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.join();
  }

  #assertRunning(): void {
    if (this.#state !== 'RUN')
      throw new InvalidStateError('the pool is not running (close() or terminate() was called)');
  }

  #defaultChunksize(length: number): number {
    const workers = this.#processes || 1;
    const chunk = Math.ceil(length / (workers * 4));
    return Math.max(1, chunk);
  }
}
