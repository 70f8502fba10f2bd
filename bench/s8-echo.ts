/**
 * S8 TCP echo round trips on loopback: a spindle asyncio server and client (startServer,
 * openConnection, readline, write, drain) vs a plain node:net server and client with a
 * line-splitting 'data' handler. Server and clients share the child process, main thread only.
 */
import { createServer, type Server as NetServer, connect as netConnect, type Socket } from 'node:net';
import { openConnection, startServer } from 'spindle/asyncio';
import { check, type Metrics, type RunContext, type Scenario } from './scenario.ts';
import { now } from './stats.ts';

const HOST = '127.0.0.1';
const CLIENTS = 50;

const sizes = (context: RunContext) => ({
  sequential: context.quick ? 3_000 : 10_000,
  perClient: context.quick ? 100 : 200,
  warmup: 500,
});

/** One connection: sends a line, resolves with the line that comes back. */
interface Client {
  roundTrip(line: string): Promise<string>;
  close(): Promise<void>;
}

interface Echo {
  connect(): Promise<Client>;
  close(): Promise<void>;
}

async function spindleEcho(): Promise<Echo> {
  const server = await startServer(
    async (reader, writer) => {
      for (;;) {
        const line = await reader.readline();
        if (line.length === 0) break;
        writer.write(line);
        await writer.drain();
      }
      writer.close();
    },
    { host: HOST, port: 0 },
  );
  const { port } = server.address;
  return {
    async connect() {
      const [reader, writer] = await openConnection({ host: HOST, port });
      return {
        async roundTrip(line) {
          writer.write(line);
          await writer.drain();
          return (await reader.readline()).toString('latin1');
        },
        async close() {
          writer.close();
          await writer.waitClosed({ timeout: 5_000 });
        },
      };
    },
    async close() {
      server.close();
      await server.waitClosed({ timeout: 5_000 });
    },
  };
}

/** A 'data' handler that calls `onLine` with each complete line, newline included. */
function splitLines(onLine: (line: string) => void): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    const data = pending + chunk;
    let start = 0;
    let nl = data.indexOf('\n');
    while (nl !== -1) {
      onLine(data.slice(start, nl + 1));
      start = nl + 1;
      nl = data.indexOf('\n', start);
    }
    pending = data.slice(start);
  };
}

const closed = (socket: Socket) =>
  new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));

async function netEcho(): Promise<Echo> {
  const server: NetServer = createServer((socket) => {
    socket.setEncoding('latin1');
    socket.on(
      'data',
      splitLines((line) => socket.write(line)),
    );
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: HOST, port: 0 }, resolve);
  });
  const { port } = server.address() as { port: number };
  return {
    async connect() {
      const socket = netConnect({ host: HOST, port });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      socket.setEncoding('latin1');
      let waiter: { resolve(line: string): void; reject(error: Error): void } | undefined;
      socket.on(
        'data',
        splitLines((line) => {
          const w = waiter;
          if (w === undefined) throw new Error(`unexpected line ${JSON.stringify(line)}`);
          waiter = undefined;
          w.resolve(line);
        }),
      );
      socket.on('error', (error) => waiter?.reject(error));
      return {
        roundTrip(line) {
          return new Promise<string>((resolve, reject) => {
            waiter = { resolve, reject };
            socket.write(line);
          });
        },
        async close() {
          socket.end();
          await closed(socket);
        },
      };
    },
    async close() {
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/** `n` round trips one at a time on `client`; every echo must equal the line sent. */
async function roundTrips(what: string, client: Client, id: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const line = `client ${id} line ${i} ${'x'.repeat(i % 32)}\n`;
    const echoed = await client.roundTrip(line);
    if (echoed !== line) check(`${what} echo`, echoed, line);
  }
}

async function measure(entryId: string, context: RunContext): Promise<Metrics> {
  const { sequential, perClient, warmup } = sizes(context);
  let echo: Echo;
  if (entryId === 'spindle') echo = await spindleEcho();
  else if (entryId === 'node-net') echo = await netEcho();
  else throw new Error(`unknown system ${entryId}`);

  const single = await echo.connect();
  await roundTrips(entryId, single, 0, warmup);
  let start = now();
  await roundTrips(entryId, single, 0, sequential);
  const seq = sequential / ((now() - start) / 1000);
  await single.close();

  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => echo.connect()));
  await Promise.all(clients.map((c, i) => roundTrips(entryId, c, i, warmup / 10)));
  start = now();
  await Promise.all(clients.map((c, i) => roundTrips(entryId, c, i, perClient)));
  const many = (CLIENTS * perClient) / ((now() - start) / 1000);
  await Promise.all(clients.map((c) => c.close()));
  await echo.close();
  return { seq, many };
}

export const s8: Scenario = {
  id: 'S8',
  title: 'TCP echo round trips on loopback',
  entries: [
    { id: 'spindle', label: 'spindle (asyncio streams)', system: 'spindle' },
    { id: 'node-net', label: 'floor: plain node:net', system: 'baseline' },
  ],
  metrics: [
    { key: 'seq', label: '1 client round trips/s', better: 'higher', digits: 0, ratio: true, chart: true },
    {
      key: 'many',
      label: `${CLIENTS} clients round trips/s`,
      better: 'higher',
      digits: 0,
      ratio: true,
      chart: true,
    },
  ],
  describe: (context) => {
    const { sequential, perClient, warmup } = sizes(context);
    return `Echo server and clients in one process on ${HOST} (port 0), main thread only. One client: ${sequential.toLocaleString('en-US')} round trips, each line awaited before the next is sent (after ${warmup} warm-up). ${CLIENTS} clients at once × ${perClient} round trips each, one at a time per client: total round trips per second.`;
  },
  notes: [
    'spindle: `startServer` handler loops `readline()` → `write()` → `await drain()`; the client does `write()`, `await drain()`, `await readline()`. The floor: a `node:net` server and client with a line-splitting `data` handler (latin1 strings), writing each line back.',
    'Every echoed line is compared with the line sent; a mismatch fails the run. Both sides keep Node’s socket defaults (Nagle on).',
  ],
  measure,
};
