import { EOFError, SpindleError } from '../errors.ts';
import { checkTimeout, type WaitOptions, waitWithin } from '../futures/wait-options.ts';
import { assertCloneable } from '../wire/cloneable.ts';
import { attachLocal, detachLocal, type LocalEnd, type PipeEvent, peerKey, route } from './pipe-router.ts';

/** Marks the plain object a Connection becomes while it travels to a child process. */
export const CONNECTION_MARKER = 'spindle:connection';

/** A Connection in transit: its end, its rights, and the messages that had already reached it. */
export interface ConnectionMarker {
  [CONNECTION_MARKER]: { key: string; readable: boolean; writable: boolean; inbox: unknown[]; eof: boolean };
}

/**
 * One end of a {@link Pipe} — Python's `multiprocessing.connection.Connection`. Messages are
 * any structured-clone value (copied, never shared). Pass an end to a `Process` as an argument
 * and it arrives in the child as a working Connection; this process then no longer holds it.
 *
 * @example
 * ```ts
 * const [parentEnd, childEnd] = Pipe();
 * const p = new Process({ target: greet, args: [childEnd] });
 * p.start();
 * console.log(await parentEnd.recv({ timeout: 5000 })); // what greet sent
 * await p.join();
 * ```
 */
export class Connection implements LocalEnd, Disposable {
  readonly #key: string;
  readonly #readable: boolean;
  readonly #writable: boolean;
  readonly #inbox: unknown[];
  #eof: boolean;
  #closed = false;
  #movedTo: string | undefined;
  #wake: (() => void)[] = [];

  /** @internal Made by Pipe() or revived in a child; not constructed directly. */
  constructor(key: string, readable: boolean, writable: boolean, inbox: unknown[] = [], eof = false) {
    this.#key = key;
    this.#readable = readable;
    this.#writable = writable;
    this.#inbox = inbox;
    this.#eof = eof;
    attachLocal(key, this);
  }

  /** @internal Which end of which pipe this is. */
  get key(): string {
    return this.#key;
  }

  get readable(): boolean {
    return this.#readable;
  }

  get writable(): boolean {
    return this.#writable;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Sends a copy of `value` to the other end. Never waits. Throws a TypeError for a value that
   * cannot cross a process (functions, class instances, shared memory).
   *
   * @example
   * ```ts
   * conn.send({ progress: 0.5, at: new Date() });
   * ```
   */
  send(value: unknown): void {
    this.#assertOpen();
    if (!this.#writable) throw new SpindleError('ERR_PIPE_READ_ONLY', 'this end of the pipe only receives');
    if (this.#eof) throw new SpindleError('ERR_BROKEN_PIPE', 'the other end of the pipe is closed');
    assertCloneable(value, 'the message', 'process');
    route(peerKey(this.#key), 'data', value, true);
  }

  /**
   * Resolves with the next message. Rejects with EOFError once the other end is closed and
   * nothing is left, TimeoutError after `timeout` ms, or the signal's reason.
   *
   * @example
   * ```ts
   * const msg = await conn.recv({ timeout: 1000 });
   * ```
   */
  async recv(options?: WaitOptions): Promise<unknown> {
    this.#assertOpen();
    if (!this.#readable) throw new SpindleError('ERR_PIPE_WRITE_ONLY', 'this end of the pipe only sends');
    const deadline = deadlineOf(options);
    for (;;) {
      if (this.#inbox.length > 0) return this.#inbox.shift();
      if (this.#eof) throw new EOFError();
      this.#assertOpen();
      await waitWithin(this.#changed(), remaining(options, deadline), 'no message arrived');
    }
  }

  /**
   * Whether a message (or end-of-file) is ready, waiting up to `timeout` ms for one (default 0:
   * answer at once; `Infinity` waits until there is one).
   *
   * @example
   * ```ts
   * if (await conn.poll(100)) console.log(await conn.recv());
   * ```
   */
  async poll(timeout = 0): Promise<boolean> {
    this.#assertOpen();
    const ms = checkTimeout(timeout);
    const ready = () => this.#inbox.length > 0 || this.#eof;
    if (ready() || ms === 0) return ready();
    const end = ms === undefined ? undefined : performance.now() + ms;
    while (!ready() && !this.#closed) {
      const left = end === undefined ? undefined : end - performance.now();
      if (left !== undefined && left <= 0) break;
      const changed = this.#changed();
      if (left === undefined) await changed;
      else {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([changed, new Promise<void>((r) => (timer = setTimeout(r, left)))]);
        clearTimeout(timer);
      }
    }
    return ready();
  }

  /**
   * Closes this end: the other end's `recv()` then rejects with EOFError once it has read what
   * was sent. Idempotent.
   *
   * @example
   * ```ts
   * conn.send('bye'); conn.close();
   * ```
   */
  close(): void {
    if (this.#closed || this.#movedTo !== undefined) return;
    this.#closed = true;
    detachLocal(this.#key);
    route(peerKey(this.#key), 'close', undefined);
    this.#notify();
  }

  /** `using conn = …` closes it at the end of the block. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** @internal The router hands this end a message or the other end's close. */
  deliver(event: PipeEvent, payload: unknown): void {
    if (event === 'data') this.#inbox.push(payload);
    else this.#eof = true;
    this.#notify();
  }

  /** @internal Turns this end into a marker for a child process; this object is then unusable. */
  moveTo(owner: string): ConnectionMarker {
    this.#assertOpen();
    this.#movedTo = owner;
    const marker: ConnectionMarker = {
      [CONNECTION_MARKER]: {
        key: this.#key,
        readable: this.#readable,
        writable: this.#writable,
        inbox: this.#inbox.splice(0),
        eof: this.#eof,
      },
    };
    this.#notify();
    return marker;
  }

  /** @internal Revives a marker in the process it was sent to. */
  static revive(marker: ConnectionMarker): Connection {
    const { key, readable, writable, inbox, eof } = marker[CONNECTION_MARKER];
    return new Connection(key, readable, writable, inbox, eof);
  }

  #changed(): Promise<void> {
    return new Promise((resolve) => this.#wake.push(resolve));
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = [];
    for (const resolve of wake) resolve();
  }

  #assertOpen(): void {
    if (this.#movedTo !== undefined) {
      throw new SpindleError('ERR_PIPE_MOVED', `this end of the pipe was sent to ${this.#movedTo}`);
    }
    if (this.#closed) throw new SpindleError('ERR_PIPE_CLOSED', 'this end of the pipe is closed');
  }
}

function deadlineOf(options: WaitOptions | undefined): number | undefined {
  const timeout = checkTimeout(options?.timeout);
  return timeout === undefined ? undefined : performance.now() + timeout;
}

function remaining(options: WaitOptions | undefined, deadline: number | undefined): WaitOptions | undefined {
  if (options === undefined) return undefined;
  return {
    signal: options.signal,
    timeout: deadline === undefined ? undefined : Math.max(0, deadline - performance.now()),
  };
}

let nextPipe = 0;

/** Options of {@link Pipe}. */
export interface PipeOptions {
  /** Both ends send and receive (default true); when false the first end only receives and the second only sends. */
  duplex?: boolean;
}

/**
 * Python's `multiprocessing.Pipe()`: two connected {@link Connection}s. Hand one to a `Process`
 * (as an argument) and keep the other; messages are copied across the process boundary over
 * the IPC channel the parent already has with the child (the parent routes them).
 *
 * @example
 * ```ts
 * const [reader, writer] = Pipe({ duplex: false });
 * writer.send([1, 2, 3]);
 * console.log(await reader.recv()); // [1, 2, 3]
 * ```
 */
export function Pipe(options: PipeOptions = {}): [Connection, Connection] {
  const duplex = options.duplex ?? true;
  if (typeof duplex !== 'boolean') throw new TypeError('duplex must be a boolean');
  const id = `${process.pid}.${++nextPipe}`;
  return [new Connection(`${id}/0`, true, duplex), new Connection(`${id}/1`, duplex, true)];
}
