import { connect, type Socket } from 'node:net';
import { checkTimeout, waitWithin } from '../futures/wait-options.ts';
import { DEFAULT_LIMIT, StreamReader } from './stream-reader.ts';
import { StreamWriter } from './stream-writer.ts';
import { checkWait } from './waiters.ts';

/** Options of {@link openConnection}. */
export interface OpenConnectionOptions {
  /** Default `'127.0.0.1'`. */
  host?: string;
  port: number;
  /** The reader's buffer limit (default 64 KiB). */
  limit?: number;
  /** Aborting gives up on connecting (the socket is destroyed). */
  signal?: AbortSignal;
  /** Milliseconds to wait for the connection (TimeoutError). */
  timeout?: number;
}

/** Wires a socket to a new reader/writer pair. */
export function wrapSocket(socket: Socket, limit = DEFAULT_LIMIT): [StreamReader, StreamWriter] {
  const reader = new StreamReader(limit);
  reader.setTransport(socket);
  const writer = new StreamWriter(socket);
  socket.on('data', (chunk: Buffer) => reader.feedData(chunk));
  socket.on('end', () => reader.feedEof());
  socket.on('error', (error) => reader.setException(error));
  socket.on('close', () => {
    if (!reader.atEof() && reader.exception() === undefined) reader.feedEof();
  });
  return [reader, writer];
}

/**
 * Opens a TCP connection: Python's `asyncio.open_connection`. Resolves with a reader and a
 * writer once connected; rejects with the connection error, `TimeoutError` or the signal's reason.
 *
 * @example
 * ```ts
 * import { openConnection } from 'spindle/asyncio';
 * const [reader, writer] = await openConnection({ port: 8888, timeout: 5000 });
 * writer.write('ping\n');
 * console.log((await reader.readline()).toString());
 * writer.close();
 * ```
 */
export function openConnection(options: OpenConnectionOptions): Promise<[StreamReader, StreamWriter]> {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const { host = '127.0.0.1', port, limit = DEFAULT_LIMIT } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  if (typeof host !== 'string') throw new TypeError('host must be a string');
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be an integer >= 1, got ${limit}`);
  const wait = checkWait({ signal: options.signal, timeout: checkTimeout(options.timeout) });
  const socket = connect({ host, port });
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve();
    });
    socket.once('error', reject);
  });
  const pair = wrapSocket(socket, limit);
  return waitWithin(connected, wait, `could not connect to ${host}:${port}`).then(
    () => pair,
    (error: unknown) => {
      socket.destroy();
      throw error;
    },
  );
}
