import { SpindleError } from '../errors.ts';
import { abortReason } from '../futures/wait-options.ts';
import { selfIdent } from '../runtime/thread-table.ts';
import type { TaskDefinition } from '../tasks/describe.ts';
import { describeTask } from '../tasks/describe.ts';
import { checkNotImportingMain } from '../tasks/main-script.ts';
import { assertCloneable } from '../wire/cloneable.ts';
import {
  assertMayBlock,
  type BlockOptions,
  type BlockPlan,
  blockAsync,
  blockSync,
  checkBlockOptions,
} from './block.ts';
import { reportThreadError } from './excepthook.ts';
import { registerPrimitive, SharedPrimitive, sharedWords } from './shared-primitive.ts';
import { runOnWorker } from './thread-host.ts';
import { startedHere } from './thread-registry.ts';
import { DONE, IDENT, markDone, NEW, RUNNING, STARTED, STATE_WORDS, STATUS } from './thread-state.ts';

/** The options of {@link Thread} other than `args`. */
export interface ThreadBaseOptions<A extends unknown[] = unknown[]> {
  /** What the thread runs: a `defineTask` task, or a self-contained inline function. */
  target: (...args: A) => unknown;
  /** Default `Thread-N (targetName)`. */
  name?: string;
  /** A daemon thread does not keep the process alive. Default false. */
  daemon?: boolean;
}

/**
 * Options of {@link Thread}: Python's `target`, `args`, `name`, `daemon`. `args` is typed from
 * the target (and required when the target has required parameters), as `submit`'s are.
 */
export type ThreadOptions<A extends unknown[] = unknown[]> = ThreadBaseOptions<A> &
  ([] extends A
    ? {
        /** Its arguments: structured-cloneable values; shared primitives arrive as the same primitive. */
        args?: NoInfer<A>;
      }
    : {
        /** Its arguments: structured-cloneable values; shared primitives arrive as the same primitive. */
        args: NoInfer<A>;
      });

/** What a revived Thread is sent with. */
interface ThreadMeta {
  name: string;
  daemon: boolean;
}

let created = 0;
/** Set while {@link adoptThread} builds the Thread of an existing JS thread. */
let adopting: { name: string; ident: number } | undefined;

/**
 * Python's `threading.Thread` on a real worker thread: `target(...args)` runs in parallel with
 * the caller. Starting is cheap — Threads run on a cache of idle workers, one Thread per worker at
 * a time. `join()` resolves when the target has ended, even if it threw (the error goes to the
 * {@link excepthook} and stays on `error`). A Thread passed to a task or another Thread arrives as
 * a handle on the same thread: it can be joined (`joinSync` in workers) but not started there.
 *
 * @example
 * ```ts
 * import { Thread } from 'spindle/threading';
 * import { worker } from './tasks.ts';
 * const threads = [0, 1, 2].map((i) => new Thread({ target: worker, args: [i] }));
 * for (const t of threads) t.start();
 * for (const t of threads) await t.join();
 * ```
 */
export class Thread<A extends unknown[] = any[]> extends SharedPrimitive {
  /** @internal The wire kind; a subclass that adds shared state names its own. */
  protected static readonly primitiveKind: string = 'Thread';
  /** The thread's name (changing it here does not rename other handles of the thread). */
  name: string;
  /** What the target threw (after `join()` resolves), on the handle that started the thread. */
  error: unknown;
  /** The shared state words (see thread-state.ts). */
  protected readonly state: Int32Array;
  /** ≥ 0 for a Timer: ms to wait before running the target. */
  protected delay = -1;
  #daemon: boolean;
  readonly #target: TaskDefinition | undefined;
  readonly #args: unknown[];
  /** Settles (never rejects) once the target ended and its error was reported; set by start(). */
  #finished: Promise<void> | undefined;

  constructor(options?: ThreadOptions<A>) {
    super((new.target as unknown as { primitiveKind: string }).primitiveKind, () => [
      sharedWords(STATE_WORDS),
    ]);
    this.state = new Int32Array(this.buffers[0]!);
    this.#args = [];
    const revived = this.revivedMeta as ThreadMeta | undefined;
    if (revived !== undefined) {
      this.name = revived.name;
      this.#daemon = revived.daemon;
      return;
    }
    if (adopting !== undefined) {
      this.name = adopting.name;
      this.#daemon = false;
      Atomics.store(this.state, IDENT, adopting.ident);
      Atomics.store(this.state, STATUS, RUNNING);
      return;
    }
    if (options === null || typeof options !== 'object') {
      throw new TypeError('Thread needs an options object with a target');
    }
    const { target, args = [], name, daemon = false } = options as ThreadBaseOptions<A> & { args?: unknown };
    const descriptor = describeTask(target, 'target');
    if (!Array.isArray(args)) throw new TypeError('args must be an array');
    for (let i = 0; i < args.length; i++) assertCloneable(args[i], `args[${i}]`);
    if (name !== undefined && typeof name !== 'string') throw new TypeError('name must be a string');
    if (typeof daemon !== 'boolean') throw new TypeError('daemon must be a boolean');
    created++;
    const targetName = descriptor.definition.name;
    this.name =
      name ?? `Thread-${created}${targetName && targetName !== 'anonymous' ? ` (${targetName})` : ''}`;
    this.#daemon = daemon;
    this.#target = descriptor.definition;
    this.#args = args;
  }

  /**
   * A daemon thread does not keep the process alive. Settable until `start()`, as in Python.
   *
   * @example
   * ```ts
   * const t = new Thread({ target: watch }); t.daemon = true; t.start();
   * ```
   */
  get daemon(): boolean {
    return this.#daemon;
  }

  set daemon(value: boolean) {
    if (typeof value !== 'boolean') throw new TypeError('daemon must be a boolean');
    if (Atomics.load(this.state, STATUS) !== NEW) {
      throw new SpindleError('ERR_THREAD_STARTED', 'cannot set daemon status of an active thread');
    }
    this.#daemon = value;
  }

  /**
   * The thread's ident — its worker's `threadId + 1`, like `selfIdent` in locks — once its worker
   * has begun running it; `undefined` before. A worker is reused, so a later Thread may share it.
   *
   * @example
   * ```ts
   * t.start(); await t.join(); console.log(t.ident); // e.g. 3
   * ```
   */
  get ident(): number | undefined {
    return Atomics.load(this.state, IDENT) || undefined;
  }

  /**
   * Node exposes no OS thread id: this is the worker's `threadId` (the main thread's is 0).
   *
   * @example
   * ```ts
   * t.nativeId === t.ident! - 1; // true
   * ```
   */
  get nativeId(): number | undefined {
    const ident = this.ident;
    return ident === undefined ? undefined : ident - 1;
  }

  /**
   * Starts the target on a worker thread. Throws `ERR_THREAD_STARTED` if called twice (Python's
   * RuntimeError), and `ERR_THREAD_NOT_STARTABLE` on a handle received from another thread.
   *
   * @example
   * ```ts
   * new Thread({ target: work, args: [1] }).start();
   * ```
   */
  start(): void {
    if (Atomics.load(this.state, STATUS) !== NEW) {
      throw new SpindleError('ERR_THREAD_STARTED', 'threads can only be started once');
    }
    if (this.#target === undefined) {
      throw new SpindleError(
        'ERR_THREAD_NOT_STARTABLE',
        `${this.name} was created in another thread; only the Thread object made with new Thread() can start it`,
      );
    }
    checkNotImportingMain(`a Thread (${this.name}) was started`);
    if (Atomics.compareExchange(this.state, STATUS, NEW, STARTED) !== NEW) {
      throw new SpindleError('ERR_THREAD_STARTED', 'threads can only be started once');
    }
    let run: PromiseLike<void>;
    try {
      run = runOnWorker([this, this.state, this.delay, this.#target, this.#args], this.#daemon);
    } catch (error) {
      Atomics.store(this.state, STATUS, NEW);
      throw error;
    }
    startedHere.add(this);
    this.#finished = Promise.resolve(run).then(
      () => this.#end(),
      (error) => {
        this.error = error;
        this.#end();
        reportThreadError(this, error);
      },
    );
  }

  /**
   * Resolves once the thread has ended — also when its target threw (see `error`) — or when
   * `timeout` ms have passed (then check `isAlive()`); rejects only if `signal` aborts. While
   * pending it keeps the process alive, even for a daemon thread.
   *
   * @example
   * ```ts
   * await t.join({ timeout: 1000 });
   * if (t.isAlive()) console.log('still running');
   * ```
   */
  async join(options?: BlockOptions): Promise<void> {
    const { timeout, signal } = checkBlockOptions(options);
    this.#assertJoinable();
    if (this.#finished !== undefined) return settleWithin(this.#finished, timeout, signal);
    await blockAsync(this.#donePlan(), timeout, signal);
  }

  /**
   * Worker threads only: blocks until the thread has ended or `timeout` ms passed. Works on any
   * handle of the thread (one passed in as an argument too). On the thread that started it,
   * `error` and the excepthook follow once that thread's event loop runs again.
   *
   * @example
   * ```ts
   * export const waiter = defineTask(import.meta.url, function waiter(t: Thread) { t.joinSync(); });
   * ```
   */
  joinSync(options?: Omit<BlockOptions, 'signal'>): void {
    assertMayBlock('Thread.joinSync()', 'await thread.join()');
    const { timeout } = checkBlockOptions(options);
    this.#assertJoinable();
    blockSync(this.#donePlan(), timeout);
  }

  /**
   * True from `start()` until the target has ended.
   *
   * @example
   * ```ts
   * t.start(); t.isAlive(); // true
   * ```
   */
  isAlive(): boolean {
    const status = Atomics.load(this.state, STATUS);
    return status === STARTED || status === RUNNING;
  }

  /** `<Thread(name, status ident)>`, like Python's repr. */
  override toString(): string {
    const status = ['initial', 'started', 'started', 'stopped'][Atomics.load(this.state, STATUS)];
    const ident = this.ident === undefined ? '' : ` ${this.ident}`;
    return `<${this.constructor.name}(${this.name}, ${status}${this.#daemon ? ' daemon' : ''}${ident})>`;
  }

  protected override wireMeta(): ThreadMeta {
    return { name: this.name, daemon: this.#daemon };
  }

  #end(): void {
    // The worker marks DONE itself; this covers a worker that died before it could.
    markDone(this.state);
    startedHere.delete(this);
  }

  #assertJoinable(): void {
    if (Atomics.load(this.state, STATUS) === NEW) {
      throw new SpindleError('ERR_THREAD_NOT_STARTED', 'cannot join thread before it is started');
    }
    // Running with this JS thread's ident: it is the caller itself (worker idents are reused
    // only after a Thread has ended).
    if (Atomics.load(this.state, STATUS) === RUNNING && Atomics.load(this.state, IDENT) === selfIdent) {
      throw new SpindleError('ERR_DEADLOCK', 'cannot join current thread');
    }
  }

  #donePlan(): BlockPlan<true> {
    const state = this.state;
    return {
      word: state,
      index: STATUS,
      attempt: () => (Atomics.load(state, STATUS) === DONE ? true : undefined),
    };
  }
}

/** @internal The Thread object of a JS thread that already runs (the main thread, a plain worker). */
export function adoptThread(name: string, ident: number): Thread {
  adopting = { name, ident };
  try {
    return new Thread();
  } finally {
    adopting = undefined;
  }
}

/** Resolves when `done` does or after `timeout` ms; rejects on abort. Keeps the process alive meanwhile. */
function settleWithin(done: Promise<void>, timeout: number | undefined, signal: AbortSignal | undefined) {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    // With no timeout, a long interval only keeps the process alive; it never fires in practice.
    const timer =
      timeout === undefined ? setInterval(() => undefined, 2 ** 30) : setTimeout(() => finish(), timeout);
    const onAbort = () => finish(abortReason(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    function finish(reason?: unknown): void {
      clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      if (reason === undefined) resolve();
      else reject(reason);
    }
    void done.then(() => finish());
  });
}

registerPrimitive('Thread', Thread);
