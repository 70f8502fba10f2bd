import type { Socket } from 'node:net';
import { SpindleError } from '../errors.ts';
import { type WaitOptions, waitWithin } from '../futures/wait-options.ts';
import { IncompleteReadError, LimitOverrunError } from './stream-errors.ts';
import { checkWait } from './waiters.ts';

/** Default buffer limit of a {@link StreamReader}: 64 KiB, as in Python. */
export const DEFAULT_LIMIT = 2 ** 16;

const EMPTY = Buffer.alloc(0);
const NEWLINE = Buffer.from('\n');

/** When a read gives up: a `performance.now()` time and/or a signal. */
interface Deadline {
  at: number | undefined;
  signal: AbortSignal | undefined;
}

/**
 * Buffered reading from a byte stream: Python's `asyncio.StreamReader`. The connection feeds it;
 * when more than `2 × limit` bytes wait unread, the socket is paused until the reader catches
 * up, so a slow reader slows the sender down. Every read takes `{ signal, timeout }`; an aborted
 * read consumes nothing. One read at a time (`ERR_CONCURRENT_READ` otherwise).
 *
 * @example
 * ```ts
 * const [reader, writer] = await openConnection({ port });
 * const header = await reader.readuntil('\r\n\r\n');
 * for await (const line of reader) console.log(line.toString().trimEnd());
 * ```
 */
export class StreamReader implements AsyncIterable<Buffer> {
  readonly #limit: number;
  #buffer: Buffer = EMPTY;
  #eof = false;
  #error: unknown;
  #wake: (() => void) | undefined;
  #socket: Socket | undefined;
  #paused = false;

  /** @param limit the most bytes `readuntil`/`readline` look through (default 64 KiB). */
  constructor(limit = DEFAULT_LIMIT) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be an integer >= 1, got ${limit}`);
    this.#limit = limit;
  }

  /** The buffer limit. */
  get limit(): number {
    return this.#limit;
  }

  /** Bytes received and not yet read. */
  get buffered(): number {
    return this.#buffer.length;
  }

  /** Connects a socket whose reading is paused while the buffer is over `2 × limit`. */
  setTransport(socket: Socket): void {
    this.#socket = socket;
  }

  /** Appends received bytes (called by the connection; public as in Python). */
  feedData(chunk: Uint8Array): void {
    if (this.#eof) throw new SpindleError('ERR_STREAM_EOF', 'feedData after feedEof');
    if (chunk.length === 0) return;
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    this.#buffer = this.#buffer.length === 0 ? bytes : Buffer.concat([this.#buffer, bytes]);
    if (this.#socket && !this.#paused && this.#buffer.length > 2 * this.#limit) {
      this.#paused = true;
      this.#socket.pause();
    }
    this.#wakeUp();
  }

  /** Marks the end of the stream. */
  feedEof(): void {
    this.#eof = true;
    this.#wakeUp();
  }

  /** Makes pending and later reads fail with `error` (e.g. a connection reset), even with bytes still buffered. */
  setException(error: unknown): void {
    this.#error = error;
    this.#wakeUp();
  }

  /** The error set by {@link StreamReader.setException}, if any. */
  exception(): unknown {
    return this.#error;
  }

  /** True once the stream ended and every byte was read. */
  atEof(): boolean {
    return this.#eof && this.#buffer.length === 0;
  }

  /**
   * Reads up to `n` bytes (at least one unless at EOF); `n = -1` (default) reads until EOF.
   * Resolves with an empty buffer at EOF.
   *
   * @example
   * ```ts
   * const chunk = await reader.read(4096, { timeout: 5000 });
   * ```
   */
  read(n = -1, options?: WaitOptions): Promise<Buffer> {
    if (!Number.isInteger(n) || n < -1) throw new RangeError(`n must be an integer >= -1, got ${n}`);
    return this.#read(n, this.#deadline(options));
  }

  async #read(n: number, deadline: Deadline): Promise<Buffer> {
    this.#throwIfFailed();
    if (n === 0) return EMPTY;
    if (n === -1) {
      while (!this.#eof) await this.#waitForData(deadline, 'read');
      return this.#take(this.#buffer.length);
    }
    if (this.#buffer.length === 0 && !this.#eof) await this.#waitForData(deadline, 'read');
    return this.#take(Math.min(n, this.#buffer.length));
  }

  /**
   * Reads exactly `n` bytes; at EOF before that, throws {@link IncompleteReadError} with the
   * bytes that came (they are consumed).
   *
   * @example
   * ```ts
   * const size = (await reader.readexactly(4)).readUInt32BE();
   * ```
   */
  readexactly(n: number, options?: WaitOptions): Promise<Buffer> {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be an integer >= 0, got ${n}`);
    return this.#readexactly(n, this.#deadline(options));
  }

  async #readexactly(n: number, deadline: Deadline): Promise<Buffer> {
    this.#throwIfFailed();
    while (this.#buffer.length < n) {
      if (this.#eof) throw new IncompleteReadError(this.#take(this.#buffer.length), n);
      await this.#waitForData(deadline, 'readexactly');
    }
    return this.#take(n);
  }

  /**
   * Reads through the next `separator` (included). Throws {@link LimitOverrunError} when it is not
   * found within `limit` bytes (the data stays buffered), {@link IncompleteReadError} at EOF.
   *
   * @example
   * ```ts
   * const record = await reader.readuntil('\0');
   * ```
   */
  readuntil(separator: string | Uint8Array = '\n', options?: WaitOptions): Promise<Buffer> {
    if (typeof separator !== 'string' && !(separator instanceof Uint8Array)) {
      throw new TypeError('the separator must be a string or a Uint8Array');
    }
    const sep = Buffer.from(separator);
    if (sep.length === 0) throw new RangeError('the separator must not be empty');
    return this.#readuntil(sep, this.#deadline(options));
  }

  async #readuntil(sep: Buffer, deadline: Deadline): Promise<Buffer> {
    this.#throwIfFailed();
    let from = 0;
    for (;;) {
      const at = this.#buffer.indexOf(sep, from);
      if (at !== -1) {
        if (at > this.#limit) {
          throw new LimitOverrunError('the separator was found, but past the limit', at);
        }
        return this.#take(at + sep.length);
      }
      from = Math.max(0, this.#buffer.length - sep.length + 1);
      if (from > this.#limit)
        throw new LimitOverrunError('the separator was not found within the limit', from);
      if (this.#eof) throw new IncompleteReadError(this.#take(this.#buffer.length), null);
      await this.#waitForData(deadline, 'readuntil');
    }
  }

  /**
   * Reads one line, `\n` included; at EOF the last partial line, then an empty buffer. A line
   * longer than `limit` throws {@link LimitOverrunError} after dropping it from the buffer.
   *
   * @example
   * ```ts
   * const line = (await reader.readline()).toString('utf8');
   * ```
   */
  readline(options?: WaitOptions): Promise<Buffer> {
    return this.#readline(this.#deadline(options));
  }

  async #readline(deadline: Deadline): Promise<Buffer> {
    try {
      return await this.#readuntil(NEWLINE, deadline);
    } catch (error) {
      if (error instanceof IncompleteReadError) return error.partial;
      if (error instanceof LimitOverrunError) {
        const at = this.#buffer.indexOf('\n', error.consumed);
        this.#take(at === -1 ? this.#buffer.length : at + 1);
      }
      throw error;
    }
  }

  /** Yields line after line until EOF: `for await (const line of reader)`. */
  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (let line = await this.readline(); line.length > 0; line = await this.readline()) yield line;
  }

  #deadline(options: WaitOptions | undefined): Deadline {
    const { timeout, signal } = checkWait(options);
    if (this.#wake)
      throw new SpindleError('ERR_CONCURRENT_READ', 'another read is already waiting on this stream');
    return { at: timeout === undefined ? undefined : performance.now() + timeout, signal };
  }

  /** Every read starts here: after `setException`, nothing more is read. */
  #throwIfFailed(): void {
    if (this.#error !== undefined) throw this.#error;
  }

  /** Waits for more bytes, EOF or an error (which it throws). Consumes nothing. */
  async #waitForData(deadline: Deadline, what: string): Promise<void> {
    this.#throwIfFailed();
    this.#resume();
    const more = new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
    const timeout = deadline.at === undefined ? undefined : Math.max(0, deadline.at - performance.now());
    try {
      await waitWithin(more, { timeout, signal: deadline.signal }, `${what} got no data`);
    } finally {
      this.#wake = undefined;
    }
    this.#throwIfFailed();
  }

  #take(n: number): Buffer {
    const out = this.#buffer.subarray(0, n);
    this.#buffer = n === this.#buffer.length ? EMPTY : this.#buffer.subarray(n);
    if (this.#buffer.length <= this.#limit) this.#resume();
    return out;
  }

  #resume(): void {
    if (this.#paused && this.#socket) {
      this.#paused = false;
      this.#socket.resume();
    }
  }

  #wakeUp(): void {
    this.#wake?.();
  }
}
