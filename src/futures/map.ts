import { TimeoutError } from '../errors.ts';
import { deserializeError, type SerializedError } from '../wire/error-codec.ts';
import type { MapOptions } from './executor.ts';
import type { Future } from './future.ts';
import { abortReason, checkSignal, checkTimeout, waitWithin } from './wait-options.ts';

/** What a worker returns for one chunk: the results in order, and the error that stopped it, if any. */
export type ChunkOutcome<R> = [results: R[], error: SerializedError | undefined];

/** One iterable of `map` per parameter of the task: `map(pow, bases, exponents)`. */
export type MapIterables<A extends readonly unknown[]> = {
  [K in keyof A]: Iterable<A[K]> | AsyncIterable<A[K]>;
};

/** The parameter lists a call may use: every required parameter, then any prefix of the optional ones. */
type CallShapes<A extends readonly unknown[]> = number extends A['length']
  ? A
  : A extends readonly []
    ? []
    : A extends readonly [infer H, ...infer T]
      ? [H, ...CallShapes<T>]
      : A extends readonly [(infer H)?, ...infer T]
        ? [] | [H, ...CallShapes<T>]
        : [];

type WithOptions<P> = P extends readonly unknown[]
  ? MapIterables<P> | [...MapIterables<P>, MapOptions]
  : never;

/**
 * What follows the task in `map(task, ...iterables, options?)`: one iterable per parameter of the
 * task (optional parameters may be left out), then optionally the options.
 */
export type MapArguments<A extends readonly unknown[]> = WithOptions<CallShapes<A>>;

type Source = Iterable<unknown> | AsyncIterable<unknown>;

/** How {@link MapResults} reaches its executor. */
export interface MapSource<T, R> {
  /** Submits one chunk of items; may throw (QueueFull, shutdown, an item that cannot be sent). */
  submitChunk(items: T[]): Future<ChunkOutcome<R>>;
  /** Submits one call `task(...args)`: how a map over several iterables runs each tuple. */
  submitCall(args: unknown[]): Future<R>;
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
 * position is reached. Breaking out of the loop cancels what has not started. Over several
 * iterables, `task(a[i], b[i], …)` runs per position, one call each, until the shortest ends
 * (the others are then closed), as Python's `map(pow, a, b)`.
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
  /** Several iterables: each entry is one call's Future<R>, not a chunk's. */
  readonly #calls: boolean;
  readonly #inflight: Future<unknown>[] = [];
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

  constructor(executor: MapSource<unknown, R>, sources: readonly Source[], settings: MapSettings) {
    this.#executor = executor;
    this.#settings = settings;
    this.#calls = sources.length > 1;
    const items = this.#calls ? zip(sources) : sources[0]!;
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
      let outcome: unknown;
      try {
        outcome = await this.#await(head);
      } catch (error) {
        return this.#fail(error);
      }
      this.#inflight.shift();
      if (this.#calls) {
        this.#current = [outcome as R];
        this.#index = 0;
        continue;
      }
      [this.#current] = outcome as ChunkOutcome<R>;
      this.#index = 0;
      const error = (outcome as ChunkOutcome<R>)[1];
      if (error !== undefined) this.#chunkError = { error: deserializeError(error) };
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
        this.#inflight.push(
          this.#calls
            ? (this.#executor.submitCall(items[0] as unknown[]) as Future<unknown>)
            : (this.#executor.submitChunk(items) as Future<unknown>),
        );
      } catch (error) {
        // Surfaces once the chunks before it have been consumed, like a failing item would.
        this.#sourceFailed = true;
        this.#sourceError = error;
        return;
      }
    }
  }

  #await(head: Future<unknown>): Promise<unknown> {
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

function isIterable(value: unknown): value is Source {
  return (
    value != null &&
    (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function' ||
      typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Splits what follows the task in `map(task, ...iterables, options?)`: the options are the last
 * argument when it is a plain object that is not iterable (or undefined); every other argument
 * must be an iterable or async iterable, and there must be at least one (TypeError otherwise).
 */
export function mapArguments(rest: readonly unknown[]): {
  sources: Source[];
  options: MapOptions | undefined;
} {
  const last = rest.at(-1);
  const hasOptions = rest.length > 1 && (last === undefined || (isPlainObject(last) && !isIterable(last)));
  const sources = hasOptions ? rest.slice(0, -1) : rest.slice();
  if (sources.length === 0)
    throw new TypeError('map expects at least one iterable or async iterable of items');
  sources.forEach((items, i) => {
    if (!isIterable(items)) {
      const where = sources.length === 1 ? '' : ` (argument ${i + 2})`;
      throw new TypeError(`map expects iterables or async iterables of items${where}, got ${typeof items}`);
    }
  });
  return { sources: sources as Source[], options: hasOptions ? (last as MapOptions | undefined) : undefined };
}

/** Tuples of the sources' items, position by position, until the shortest ends; closes the others then. */
function zip(sources: readonly Source[]): Iterable<unknown[]> | AsyncIterable<unknown[]> {
  if (sources.some((s) => typeof (s as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')) {
    return zipAsync(sources);
  }
  return zipSync(sources as Iterable<unknown>[]);
}

function* zipSync(sources: readonly Iterable<unknown>[]): Generator<unknown[]> {
  const open = sources.map((s) => s[Symbol.iterator]());
  try {
    for (;;) {
      const tuple: unknown[] = [];
      for (let i = 0; i < open.length; i++) {
        const step = open[i]!.next();
        if (step.done) {
          open.splice(i, 1); // finished by itself: not closed again
          return;
        }
        tuple.push(step.value);
      }
      yield tuple;
    }
  } finally {
    for (const it of open) it.return?.();
  }
}

async function* zipAsync(sources: readonly Source[]): AsyncGenerator<unknown[]> {
  const open = sources.map((s) => {
    const asyncIterate = (s as AsyncIterable<unknown>)[Symbol.asyncIterator];
    return typeof asyncIterate === 'function'
      ? asyncIterate.call(s)
      : (s as Iterable<unknown>)[Symbol.iterator]();
  });
  try {
    for (;;) {
      const tuple: unknown[] = [];
      for (let i = 0; i < open.length; i++) {
        const step = await open[i]!.next();
        if (step.done) {
          open.splice(i, 1);
          return;
        }
        tuple.push(step.value);
      }
      yield tuple;
    }
  } finally {
    for (const it of open) await it.return?.();
  }
}

/**
 * Validates `map` options and applies defaults (chunksize 1, bufferSize 2 × workers). With
 * several iterables each call is one task, so a chunksize above 1 is refused (RangeError).
 */
export function mapSettings(
  options: MapOptions | undefined,
  defaultBufferSize: number,
  iterables: number,
): MapSettings {
  const chunksize = options?.chunksize ?? 1;
  const bufferSize = options?.bufferSize ?? defaultBufferSize;
  if (!Number.isInteger(chunksize) || chunksize < 1)
    throw new RangeError(`chunksize must be an integer >= 1, got ${chunksize}`);
  if (chunksize > 1 && iterables > 1) {
    throw new RangeError('chunksize applies to a map over one iterable; over several, each call is one task');
  }
  if (!Number.isInteger(bufferSize) || bufferSize < 1)
    throw new RangeError(`bufferSize must be an integer >= 1, got ${bufferSize}`);
  return {
    chunksize,
    bufferSize,
    timeout: checkTimeout(options?.timeout),
    signal: checkSignal(options?.signal),
  };
}
