import type { Socket } from 'node:net';
import { SpindleError } from '../errors.ts';
import { type WaitOptions, waitWithin } from '../futures/wait-options.ts';
import { checkWait } from './waiters.ts';

/**
 * Writing to a connection: Python's `asyncio.StreamWriter`. `write` buffers and never waits;
 * `await drain()` waits while the socket's buffer is over its high-water mark — that is the
 * back-pressure: a slow peer slows the writer down.
 *
 * @example
 * ```ts
 * writer.write('hello\n');
 * await writer.drain();
 * writer.close();
 * await writer.waitClosed();
 * ```
 */
export class StreamWriter implements AsyncDisposable {
  readonly #socket: Socket;
  #error: Error | undefined;
  readonly #closed: Promise<void>;

  /** Wraps a connected socket (done for you by `openConnection` and `startServer`). */
  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('error', (error) => {
      this.#error = error;
    });
    this.#closed = new Promise((resolve) => {
      if (socket.destroyed) resolve();
      else socket.once('close', () => resolve());
    });
  }

  /** The underlying `net.Socket` (Python's `transport`). */
  get socket(): Socket {
    return this.#socket;
  }

  /**
   * Queues bytes (strings as UTF-8) for sending. Throws `ERR_STREAM_CLOSED` after `close()`.
   *
   * @example
   * ```ts
   * writer.write(Buffer.from([1, 2, 3]));
   * ```
   */
  write(data: string | Uint8Array): void {
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
      throw new TypeError('write expects a string or a Uint8Array');
    }
    if (this.isClosing()) throw new SpindleError('ERR_STREAM_CLOSED', 'write on a closed stream');
    this.#socket.write(data);
  }

  /**
   * Writes every chunk of `chunks`.
   *
   * @example
   * ```ts
   * writer.writelines(['a\n', 'b\n']);
   * ```
   */
  writelines(chunks: Iterable<string | Uint8Array>): void {
    for (const chunk of chunks) this.write(chunk);
  }

  /**
   * Waits until the buffer is below the high-water mark again (at once if it is). Rejects with
   * the connection's error, or `ERR_STREAM_CLOSED` when it closes with data unsent.
   *
   * @example
   * ```ts
   * for (const chunk of chunks) { writer.write(chunk); await writer.drain(); }
   * ```
   */
  drain(options?: WaitOptions): Promise<void> {
    const wait = checkWait(options);
    const socket = this.#socket;
    if (this.#error) return Promise.reject(this.#error);
    if (!socket.writableNeedDrain) return Promise.resolve();
    if (socket.destroyed) return Promise.reject(new SpindleError('ERR_STREAM_CLOSED', 'the stream closed'));
    let cleanup = () => {};
    const drained = new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        cleanup();
        resolve();
      };
      const onClose = () => {
        cleanup();
        reject(this.#error ?? new SpindleError('ERR_STREAM_CLOSED', 'the stream closed before it drained'));
      };
      cleanup = () => {
        socket.off('drain', onDrain);
        socket.off('close', onClose);
      };
      socket.on('drain', onDrain);
      socket.on('close', onClose);
    });
    return waitWithin(drained, wait, 'the stream did not drain').finally(() => cleanup());
  }

  /** True: TCP supports half-closing. */
  canWriteEof(): boolean {
    return true;
  }

  /**
   * Half-closes: sends what is buffered, then EOF; the peer can still send to us.
   *
   * @example
   * ```ts
   * writer.writeEof(); const reply = await reader.read();
   * ```
   */
  writeEof(): void {
    this.#socket.end();
  }

  /** True once `close()` or `writeEof()` was called or the socket is gone. */
  isClosing(): boolean {
    return this.#socket.destroyed || this.#socket.writableEnded;
  }

  /**
   * Closes the connection once what is buffered has been sent.
   *
   * @example
   * ```ts
   * writer.close(); await writer.waitClosed();
   * ```
   */
  close(): void {
    this.#socket.destroySoon();
  }

  /**
   * Resolves once the connection is closed.
   *
   * @example
   * ```ts
   * await writer.waitClosed({ timeout: 1000 });
   * ```
   */
  waitClosed(options?: WaitOptions): Promise<void> {
    return waitWithin(this.#closed, checkWait(options), 'the stream did not close');
  }

  /**
   * Connection details, Python style: `'peername'` and `'sockname'` give `[address, port]`,
   * `'socket'` the socket; anything else gives `fallback`.
   *
   * @example
   * ```ts
   * const [host, port] = writer.getExtraInfo('peername') as [string, number];
   * ```
   */
  getExtraInfo(name: string, fallback?: unknown): unknown {
    const socket = this.#socket;
    switch (name) {
      case 'peername':
        return socket.remoteAddress === undefined ? fallback : [socket.remoteAddress, socket.remotePort];
      case 'sockname':
        return socket.localAddress === undefined ? fallback : [socket.localAddress, socket.localPort];
      case 'socket':
        return socket;
      default:
        return fallback;
    }
  }

  /** `await using writer` closes it and waits for the close. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.#closed;
  }
}
