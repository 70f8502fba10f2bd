import { type AddressInfo, createServer, type Server as NetServer, type Socket } from 'node:net';
import { abortReason, checkSignal, type WaitOptions, waitWithin } from '../futures/wait-options.ts';
import type { StreamReader } from './stream-reader.ts';
import { DEFAULT_LIMIT } from './stream-reader.ts';
import type { StreamWriter } from './stream-writer.ts';
import { wrapSocket } from './streams.ts';
import { checkWait } from './waiters.ts';

/** What {@link startServer} calls for each connection. */
export type ClientConnected = (reader: StreamReader, writer: StreamWriter) => unknown;

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** Default `'127.0.0.1'`. */
  host?: string;
  /** Default 0: a free port, see {@link Server.address}. */
  port?: number;
  /** Each reader's buffer limit (default 64 KiB). */
  limit?: number;
  /** Aborting closes the server and its connections. */
  signal?: AbortSignal;
  /** The listen backlog. */
  backlog?: number;
}

/**
 * A listening TCP server: Python's `asyncio.Server`. `close()` stops accepting;
 * `waitClosed()` resolves once every connection has closed too; `await using` does both and
 * closes the connections.
 *
 * @example
 * ```ts
 * await using server = await startServer(handle, { port: 8888 });
 * console.log('serving on', server.address.port);
 * await server.serveForever({ signal });
 * ```
 */
export class Server implements AsyncDisposable {
  readonly #server: NetServer;
  readonly #clients = new Set<Socket>();
  readonly #closed: Promise<void>;
  readonly #address: AddressInfo;

  /** Use {@link startServer}. */
  constructor(server: NetServer) {
    this.#server = server;
    this.#address = server.address() as AddressInfo;
    this.#closed = new Promise((resolve) => server.once('close', () => resolve()));
    server.on('connection', (socket) => {
      this.#clients.add(socket);
      socket.once('close', () => this.#clients.delete(socket));
    });
  }

  /** Where the server listens: `{ address, port, family }`. */
  get address(): AddressInfo {
    return this.#address;
  }

  /** True until `close()`. */
  isServing(): boolean {
    return this.#server.listening;
  }

  /**
   * Resolves when the server has closed; an aborted `signal` closes it (and its connections)
   * and rejects with the reason. Python's `serve_forever`.
   *
   * @example
   * ```ts
   * await server.serveForever({ signal: AbortSignal.timeout(60_000) });
   * ```
   */
  serveForever(options?: { signal?: AbortSignal }): Promise<void> {
    const signal = checkSignal(options?.signal);
    if (signal === undefined) return this.#closed;
    if (signal.aborted) {
      this.#shutdown();
      return Promise.reject(abortReason(signal));
    }
    const onAbort = () => this.#shutdown();
    signal.addEventListener('abort', onAbort, { once: true });
    return this.#closed.then(() => {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) throw abortReason(signal);
    });
  }

  /**
   * Stops accepting connections; open connections go on (see {@link Server.closeClients}).
   *
   * @example
   * ```ts
   * server.close(); await server.waitClosed();
   * ```
   */
  close(): void {
    if (this.#server.listening) this.#server.close();
  }

  /**
   * Closes every open connection once its buffered data is sent.
   *
   * @example
   * ```ts
   * server.closeClients();
   * ```
   */
  closeClients(): void {
    for (const socket of this.#clients) socket.destroySoon();
  }

  /**
   * Resolves once the server is closed and every connection has ended.
   *
   * @example
   * ```ts
   * await server.waitClosed({ timeout: 5000 });
   * ```
   */
  waitClosed(options?: WaitOptions): Promise<void> {
    return waitWithin(this.#closed, checkWait(options), 'the server did not close');
  }

  /** Closes the server and its connections and waits until all are closed. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.#shutdown();
    await this.#closed;
  }

  #shutdown(): void {
    this.close();
    this.closeClients();
  }
}

/**
 * Starts a TCP server that calls `handler(reader, writer)` for each connection: Python's
 * `asyncio.start_server`. When the handler throws or rejects, its connection is closed and the
 * error reported as a process warning. A client that half-closes can still be answered: the
 * connection closes when the handler closes its writer.
 *
 * @example
 * ```ts
 * import { startServer } from 'spindle/asyncio';
 * const server = await startServer(async (reader, writer) => {
 *   for await (const line of reader) { writer.write(line); await writer.drain(); }
 *   writer.close();
 * }, { port: 8888 });
 * ```
 */
export function startServer(handler: ClientConnected, options: StartServerOptions = {}): Promise<Server> {
  if (typeof handler !== 'function') throw new TypeError('startServer expects a handler function');
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const { host = '127.0.0.1', port = 0, limit = DEFAULT_LIMIT, backlog } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be an integer >= 1, got ${limit}`);
  const signal = checkSignal(options.signal);
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  // Half-open while the handler runs, as in Python: a client's EOF ends only its side and the
  // handler can still answer. Once the handler has returned, the client's EOF ends the connection.
  const net = createServer({ allowHalfOpen: true }, (socket) => {
    const [reader, writer] = wrapSocket(socket, limit);
    const closeOnError = (error: unknown) => {
      socket.destroy();
      process.emitWarning(`unhandled error in a startServer handler: ${String(error)}`, 'SpindleWarning');
    };
    const endAfterEof = () => {
      if (socket.readableEnded) socket.end();
      else socket.once('end', () => socket.end());
    };
    try {
      Promise.resolve(handler(reader, writer)).then(endAfterEof, closeOnError);
    } catch (error) {
      closeOnError(error);
    }
  });
  return new Promise<Server>((resolve, reject) => {
    net.once('error', reject);
    net.listen({ host, port, backlog }, () => {
      net.off('error', reject);
      const server = new Server(net);
      if (signal) {
        const onAbort = () => void server[Symbol.asyncDispose]();
        signal.addEventListener('abort', onAbort, { once: true });
        net.once('close', () => signal.removeEventListener('abort', onAbort));
      }
      resolve(server);
    });
  });
}
