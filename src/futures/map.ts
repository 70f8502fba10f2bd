import { TimeoutError } from '../errors.ts';
import { deserializeError, type SerializedError } from '../wire/error-codec.ts';
import type { Future } from './future.ts';
import { abortReason, checkSignal, checkTimeout, waitWithin } from './wait-options.ts';

/** What a worker returns for one chunk: the results in order, and the error that stopped it, if any. */
export type ChunkOutcome<R> = [results: R[], error: SerializedError | undefined];

/** How {@link MapResults} reaches its executor. */
export interface MapSource<T, R> {
  /** Submits one chunk of items; may throw (QueueFull, shutdown, an item that cannot be sent). */
  submitChunk(items: T[]): Future<ChunkOutcome<R>>;
  /** Free places in the executor's queue; map submits only while there is room (back-pressure). */
  room(): number;
}

/** Validated `map` settings. */
export interface MapSettings {
  chunksize: number;
  bufferSize: number;
  timeout: number | undefined;
  signal: AbortSignal | undefined;
}

const QUEUE_FULL_POLL_MS = 5;

/**
 * The lazy, ordered result stream of `executor.map`: an async iterator that pulls items from the
 * source only as results are consumed (at most `bufferSize` chunks ahead), so an endless or huge
 * iterable is never materialised. An error (from a task or from the source) surfaces when its
 * position is reached. Breaking out of the loop cancels what has not started.
 *
 * @example
 * ```ts
 * for await (const ok of pool.map(isPrime, range(1_000_000), { chunksize: 1000 })) count += ok ? 1 : 0;
 * const all = await pool.map(square, [1, 2, 3]).toArray(); // [1, 4, 9]
 * ```
 */
export class MapResults<R> implements AsyncIterableIterator<R>, AsyncDisposable {
  readonly #executor: MapSource<unknown, R>;
  readonly #settings: MapSettings;
  readonly #deadline: number | undefined;
  #source: Iterator<unknown> | AsyncIterator<unknown> | undefined;
  /** A sync source is read without an await per item. */
  readonly #sourceIsSync: boolean;
  #sourceFailed = false;
  #sourceError: unknown;
  readonly #inflight: Future<ChunkOutcome<R>>[] = [];
  #current: R[] = [];
  #index = 0;
  #chunkError: { error: unknown } | undefined;
  #closed = false;
  #serial: Promise<unknown> = Promise.resolve();
  /** No next() is in progress (they are served one after another through #serial). */
  #idle = false;
  readonly #markIdle = () => {
    this.#idle = true;
  };

  constructor(
    executor: MapSource<unknown, R>,
    items: Iterable<unknown> | AsyncIterable<unknown>,
    settings: MapSettings,
  ) {
    this.#executor = executor;
    this.#settings = settings;
    this.#deadline = settings.timeout === undefined ? undefined : performance.now() + settings.timeout;
    const asyncIterate = (items as AsyncIterable<unknown>)[Symbol.asyncIterator];
    this.#sourceIsSync = typeof asyncIterate !== 'function';
    this.#source = this.#sourceIsSync
      ? (items as Iterable<unknown>)[Symbol.iterator]()
      : asyncIterate.call(items);
    // Work starts at the call, as in Python; failures here surface from next().
    this.#serial = this.#fill().then(this.#markIdle, this.#markIdle);
  }

  next(): Promise<IteratorResult<R, undefined>> {
    // Fast path: a result already here and no next() in progress costs one resolved promise.
    if (this.#idle && this.#index < this.#current.length) {
      return Promise.resolve({ value: this.#current[this.#index++]!, done: false });
    }
    this.#idle = false;
    const step = this.#serial.then(() => this.#next());
    this.#serial = step.then(this.#markIdle, this.#markIdle);
    return step;
  }

  /** Stops early: cancels work that has not started and closes the source. */
  async return(): Promise<IteratorResult<R, undefined>> {
    await this.#close();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  /** Collects every result into an array (Python's `list(executor.map(...))`). */
  async toArray(): Promise<R[]> {
    const out: R[] = [];
    for await (const value of this) out.push(value);
    return out;
  }

  async #next(): Promise<IteratorResult<R, undefined>> {
    while (true) {
      if (this.#index < this.#current.length) return { value: this.#current[this.#index++]!, done: false };
      if (this.#chunkError) return this.#fail(this.#chunkError.error);
      if (this.#closed) return { value: undefined, done: true };
      await this.#fill();
      // The head stays in #inflight while awaited, so that closing on failure cancels it too.
      const head = this.#inflight[0];
      if (head === undefined) {
        if (this.#sourceFailed) return this.#fail(this.#sourceError);
        if (this.#source === undefined) {
          await this.#close();
          return { value: undefined, done: true };
        }
        try {
          await this.#pause(); // the executor's queue is full of other work: wait for room
        } catch (error) {
          return this.#fail(error);
        }
        continue;
      }
      let outcome: ChunkOutcome<R>;
      try {
        outcome = await this.#await(head);
      } catch (error) {
        return this.#fail(error);
      }
      this.#inflight.shift();
      this.#current = outcome[0];
      this.#index = 0;
      if (outcome[1] !== undefined) this.#chunkError = { error: deserializeError(outcome[1]) };
    }
  }

  /** Pulls and submits chunks while the buffer and the executor's queue have room. */
  async #fill(): Promise<void> {
    const { chunksize, bufferSize } = this.#settings;
    while (this.#source !== undefined && !this.#sourceFailed && !this.#closed) {
      if (this.#inflight.length >= bufferSize || this.#executor.room() <= 0) return;
      const items: unknown[] = [];
      try {
        while (items.length < chunksize) {
          const step = this.#sourceIsSync
            ? (this.#source as Iterator<unknown>).next()
            : await this.#source.next();
          if (step.done) {
            this.#source = undefined;
            break;
          }
          items.push(step.value);
        }
      } catch (error) {
        this.#sourceFailed = true;
        this.#sourceError = error;
      }
      if (items.length === 0) return;
      try {
        this.#inflight.push(this.#executor.submitChunk(items));
      } catch (error) {
        // Surfaces once the chunks before it have been consumed, like a failing item would.
        this.#sourceFailed = true;
        this.#sourceError = error;
        return;
      }
    }
  }

  #await(head: Future<ChunkOutcome<R>>): Promise<ChunkOutcome<R>> {
    const remaining = this.#remaining();
    return waitWithin(
      head.result(),
      { timeout: remaining, signal: this.#settings.signal },
      'map: the next result was not ready',
    );
  }

  #remaining(): number | undefined {
    if (this.#deadline === undefined) return undefined;
    const left = this.#deadline - performance.now();
    if (left <= 0) throw new TimeoutError(`map: results not ready within ${this.#settings.timeout} ms`);
    return left;
  }

  async #pause(): Promise<void> {
    const signal = this.#settings.signal;
    if (signal?.aborted) throw abortReason(signal);
    this.#remaining();
    await new Promise((resolve) => setTimeout(resolve, QUEUE_FULL_POLL_MS));
  }

  async #fail(error: unknown): Promise<never> {
    await this.#close();
    throw error;
  }

  async #close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#current = [];
    this.#chunkError = undefined;
    for (const future of this.#inflight.splice(0)) future.cancel();
    const source = this.#source;
    this.#source = undefined;
    await source?.return?.();
  }
}

/** Throws a TypeError unless `items` is an iterable or async iterable (what every `map` accepts). */
export function checkMapItems(items: unknown): void {
  if (
    items == null ||
    (typeof (items as Iterable<unknown>)[Symbol.iterator] !== 'function' &&
      typeof (items as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function')
  ) {
    throw new TypeError('map expects an iterable or async iterable of items');
  }
}

/**
 * Validates `map` options and applies defaults (chunksize 1, bufferSize 2 × workers).
 */
export function mapSettings(
  options: { timeout?: number; chunksize?: number; bufferSize?: number; signal?: AbortSignal } | undefined,
  defaultBufferSize: number,
): MapSettings {
  const chunksize = options?.chunksize ?? 1;
  const bufferSize = options?.bufferSize ?? defaultBufferSize;
  if (!Number.isInteger(chunksize) || chunksize < 1)
    throw new RangeError(`chunksize must be an integer >= 1, got ${chunksize}`);
  if (!Number.isInteger(bufferSize) || bufferSize < 1)
    throw new RangeError(`bufferSize must be an integer >= 1, got ${bufferSize}`);
  return {
    chunksize,
    bufferSize,
    timeout: checkTimeout(options?.timeout),
    signal: checkSignal(options?.signal),
  };
}
