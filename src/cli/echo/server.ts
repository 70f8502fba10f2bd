/**
 * The echo server of `spindle echo serve`, on spindle's asyncio streams: each line comes back as
 * it was sent. Misbehaving clients are closed with a reason line and never take the server down:
 * a line over `maxLine` bytes (`ERR line too long`), no line for `idleTimeout` ms
 * (`ERR idle timeout`), a connection past `maxConnections` (`ERR too many connections`).
 */
import {
  LimitOverrunError,
  type Server,
  type StreamReader,
  type StreamWriter,
  startServer,
  TimeoutError,
} from '../../asyncio/index.ts';

/** Settings of {@link startEchoServer}. */
export interface EchoServerOptions {
  host: string;
  port: number;
  /** Longest line accepted, in bytes. */
  maxLine: number;
  /** Milliseconds a connection may stay silent. */
  idleTimeout: number;
  /** Most connections served at once. */
  maxConnections: number;
}

/** Running totals of an echo server. */
export interface EchoCounters {
  connections: number;
  lines: number;
  refused: number;
  closedForReason: number;
}

/**
 * Starts the echo server; returns it with counters that stay live while it serves.
 *
 * @example
 * ```ts
 * const { server } = await startEchoServer({ host: '127.0.0.1', port: 0, maxLine: 65536, idleTimeout: 60_000, maxConnections: 1000 });
 * ```
 */
export async function startEchoServer(
  options: EchoServerOptions,
): Promise<{ server: Server; counters: EchoCounters }> {
  const counters: EchoCounters = { connections: 0, lines: 0, refused: 0, closedForReason: 0 };
  let open = 0;
  const handle = async (reader: StreamReader, writer: StreamWriter): Promise<void> => {
    open++;
    try {
      if (open > options.maxConnections) {
        counters.refused++;
        await closeWith(writer, 'ERR too many connections');
        return;
      }
      counters.connections++;
      const reason = await echo(reader, writer, options.idleTimeout, counters);
      if (reason !== undefined) counters.closedForReason++;
      await closeWith(writer, reason);
    } catch {
      writer.socket.destroy(); // the client went away mid-write (reset, broken pipe): nothing to tell it
    } finally {
      open--;
    }
  };
  const server = await startServer(handle, {
    host: options.host,
    port: options.port,
    limit: options.maxLine,
  });
  return { server, counters };
}

/** Echoes lines until EOF (no reason) or a reason to close the connection. */
async function echo(
  reader: StreamReader,
  writer: StreamWriter,
  idleTimeout: number,
  counters: EchoCounters,
): Promise<string | undefined> {
  for (;;) {
    let line: Buffer;
    try {
      line = await reader.readline({ timeout: idleTimeout });
    } catch (error) {
      if (error instanceof LimitOverrunError) return 'ERR line too long';
      if (error instanceof TimeoutError) return 'ERR idle timeout';
      throw error;
    }
    if (line.length === 0) return undefined;
    counters.lines++;
    writer.write(line);
    await writer.drain();
  }
}

/** Sends `reason` as a last line (when there is one), then closes. */
async function closeWith(writer: StreamWriter, reason: string | undefined): Promise<void> {
  if (reason !== undefined && !writer.isClosing()) writer.write(`${reason}\n`);
  writer.close();
  await writer.waitClosed({ timeout: 5000 });
}
