import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { InvalidStateError } from '../errors.ts';
import { abortReason, checkSignal, checkTimeout, type WaitOptions } from '../futures/wait-options.ts';
import { checkForkOptions, entryUrl, type ForkOptions, forkEntry } from '../runtime/fork.ts';
import { describeTask, type TaskDescriptor } from '../tasks/describe.ts';
import { checkNotImportingMain, mainScriptUrl } from '../tasks/main-script.ts';
import { assertCloneable } from '../wire/cloneable.ts';
import { encodeShared } from '../wire/shared-codec.ts';
import { Connection } from './connection.ts';
import {
  type ChildLink,
  childGone,
  isPipeEnvelope,
  moveToChild,
  type PipeEnvelope,
  receive,
} from './pipe-router.ts';
import { PROCESS_HELLO, type ProcessBoot } from './process-child-protocol.ts';

const entry = entryUrl('../multiprocessing/process-child');

/** Options of {@link Process}. */
export interface ProcessOptions<A extends unknown[]> extends ForkOptions {
  /** What the child runs: a `defineTask` task or a self-contained inline function; may be async. */
  target: (...args: A) => unknown;
  /** Its arguments: structured-clone values and {@link Connection}s (which move to the child). */
  args?: A;
  /** Default `Process-N`. */
  name?: string;
  /** A daemon does not keep this process alive and is killed when it exits (default false). */
  daemon?: boolean;
}

let created = 0;

/**
 * Python's `multiprocessing.Process`: runs `target(...args)` in a child process of its own.
 * `exitCode` is 0 when the target returns, 1 when it throws (the child prints `Process <name>:`
 * and the stack to stderr), the code passed to `process.exit()`, or `-N` when signal N killed it
 * (Python's convention). A child exits when its parent dies — even by SIGKILL — as soon as it
 * next reaches its event loop.
 *
 * @example
 * ```ts
 * import { Process } from 'spindle/multiprocessing';
 * import { worker } from './tasks.ts';
 * const p = new Process({ target: worker, args: [1] });
 * p.start();
 * await p.join();
 * console.log(p.exitCode); // 0
 * ```
 */
export class Process<A extends unknown[] = unknown[]> {
  readonly name: string;
  readonly daemon: boolean;
  readonly #target: TaskDescriptor;
  readonly #args: unknown[];
  readonly #fork: ForkOptions;
  #child: ChildProcess | undefined;
  #exitCode: number | null = null;
  #exited = false;
  readonly #onExit: (() => void)[] = [];

  constructor(options: ProcessOptions<A>) {
    if (options === null || typeof options !== 'object')
      throw new TypeError('Process options must be an object');
    this.#target = describeTask(options.target, 'target');
    const args = options.args ?? [];
    if (!Array.isArray(args)) throw new TypeError('args must be an array');
    this.#args = args;
    this.name = options.name ?? `Process-${++created}`;
    this.daemon = options.daemon ?? false;
    this.#fork = checkForkOptions(options);
  }

  /** The child's pid once started. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** null while it runs (or before start); see the class description for the values. */
  get exitCode(): number | null {
    return this.#exitCode;
  }

  /**
   * Starts the child. Connections among the arguments move to it; other arguments are checked
   * now (a TypeError for what cannot cross a process, such as shared memory).
   *
   * @example
   * ```ts
   * p.start(); console.log(p.pid, p.isAlive()); // 12345 true
   * ```
   */
  start(): void {
    if (this.#child !== undefined) throw new InvalidStateError('a process can only be started once');
    checkNotImportingMain(`a Process (${this.name}) was started`);
    const args = this.#args.map((arg, i) => {
      if (!(arg instanceof Connection)) assertCloneable(arg, `args[${i}]`, 'process');
      return arg;
    });
    const link = new BufferedLink();
    const boot: ProcessBoot = {
      target: this.#target.definition,
      // Manager proxies among the arguments travel as wire records; the child revives them.
      args: args.map((arg) => (arg instanceof Connection ? arg.moveTo(this.name) : encodeShared(arg))),
      name: this.name,
      mainScript: mainScriptUrl(),
    };
    for (const arg of args) if (arg instanceof Connection) moveToChild(arg.key, link);
    const child = forkEntry(entry, this.#fork, () => this.#finish(1, null, link));
    this.#child = child;
    child.on('message', (message: unknown) => {
      if (message === PROCESS_HELLO) {
        child.send(boot);
        link.open(child);
      } else if (isPipeEnvelope(message)) receive(message);
    });
    child.on('close', (code, signal) => this.#finish(code, signal, link));
    if (this.daemon) {
      child.unref();
      child.channel?.unref();
    }
  }

  /**
   * Resolves when the child has exited, or after `timeout` ms even if it has not (as in Python:
   * check `isAlive()` or `exitCode` afterwards). Rejects if `signal` aborts first.
   *
   * @example
   * ```ts
   * await p.join({ timeout: 1000 }); if (p.isAlive()) p.terminate();
   * ```
   */
  join(options: WaitOptions = {}): Promise<void> {
    if (this.#child === undefined) throw new InvalidStateError('can only join a started process');
    const timeout = checkTimeout(options.timeout);
    const signal = checkSignal(options.signal);
    if (this.#exited) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const timer = timeout === undefined ? undefined : setTimeout(done, timeout);
      const onAbort = () => {
        done();
        reject(abortReason(signal!));
      };
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#onExit.push(done);
    });
  }

  /** Whether the child has started and not yet exited. */
  isAlive(): boolean {
    return this.#child !== undefined && !this.#exited && this.#child.pid !== undefined;
  }

  /**
   * Sends SIGTERM (Python's `terminate()`); `kill()` sends SIGKILL.
   *
   * @example
   * ```ts
   * p.terminate(); await p.join(); console.log(p.exitCode); // -15
   * ```
   */
  terminate(): void {
    if (this.isAlive()) this.#child!.kill('SIGTERM');
  }

  /** Sends SIGKILL: the child cannot catch it. */
  kill(): void {
    if (this.isAlive()) this.#child!.kill('SIGKILL');
  }

  #finish(code: number | null, signal: NodeJS.Signals | null, link: BufferedLink): void {
    if (this.#exited) return;
    this.#exited = true;
    this.#exitCode = code ?? (signal ? -(constants.signals[signal] ?? 0) : 1);
    link.close();
    childGone(link);
    for (const done of this.#onExit.splice(0)) done();
  }
}

/** Pipe traffic for a child, held until the child listens (it says hello), then sent in order. */
class BufferedLink implements ChildLink {
  #child: ChildProcess | undefined;
  #pending: PipeEnvelope[] | undefined = [];

  send(envelope: PipeEnvelope): void {
    if (this.#pending !== undefined) this.#pending.push(envelope);
    else if (this.#child?.connected) this.#child.send(envelope);
  }

  open(child: ChildProcess): void {
    this.#child = child;
    const pending = this.#pending ?? [];
    this.#pending = undefined;
    for (const envelope of pending) if (child.connected) child.send(envelope);
  }

  close(): void {
    this.#pending = undefined;
    this.#child = undefined;
  }
}
