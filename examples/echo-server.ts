/**
 * Chapter 13, exercise 4 — an asyncio TCP echo server. Serves many clients at once, each in its
 * own handler; stops cleanly on Ctrl-C or SIGTERM.
 *
 *   node --import tsx examples/echo-server.ts [port]      (default 8888; 0 picks a free port)
 */
import { type StreamReader, type StreamWriter, startServer } from 'spindle/asyncio';

let connections = 0;
let lines = 0;

async function handleEcho(reader: StreamReader, writer: StreamWriter): Promise<void> {
  connections++;
  for await (const line of reader) {
    lines++;
    writer.write(line);
    await writer.drain(); // back-pressure: wait if this client reads slowly
  }
  writer.close();
  await writer.waitClosed();
}

const port = Number(process.argv[2] ?? 8888);
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());

const server = await startServer(handleEcho, { host: '127.0.0.1', port });
console.log(`Serving on ${server.address.address}:${server.address.port}`);
await server.serveForever({ signal: stop.signal }).catch(() => {});
console.log(`served ${connections} connections, echoed ${lines} lines`);
