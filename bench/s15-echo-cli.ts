/**
 * S15 `spindle echo serve` against a plain node:net echo server, both loaded by the same
 * `spindle echo client` (its connections spread over worker threads). Server and client are
 * separate processes, as a user would run them.
 */
import { spawn } from 'node:child_process';
import { SPINDLE, timedRun } from './cli-process.ts';
import { check, type Metrics, type RunContext, type Scenario } from './scenario.ts';

const CONNECTIONS = 16;
const SIZE = 64;
const messages = (context: RunContext) => (context.quick ? 1_000 : 3_000);

/** A node:net line echo server, as small as it gets; prints its address like spindle's. */
const NET_SERVER = `
const net = require('node:net');
const server = net.createServer((socket) => {
  let pending = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk) => {
    const data = pending + chunk;
    const end = data.lastIndexOf('\\n') + 1;
    if (end > 0) socket.write(data.slice(0, end));
    pending = data.slice(end);
  });
  socket.on('error', () => socket.destroy());
});
server.listen({ host: '127.0.0.1', port: 0 }, () => console.log('listening on 127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => process.exit(0));`;

/** Starts a server process and resolves with its port once it prints `listening on HOST:PORT`. */
function startServer(entryId: string): Promise<{ port: number; stop(): void }> {
  const args = entryId === 'spindle' ? [SPINDLE, 'echo', 'serve', '--port', '0'] : ['-e', NET_SERVER];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on [\d.]+:(\d+)/.exec(out);
      if (match) resolve({ port: Number(match[1]), stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`${entryId} server exited ${code}`)));
  });
}

async function measure(entryId: string, context: RunContext): Promise<Metrics> {
  if (entryId !== 'spindle' && entryId !== 'node-net') throw new Error(`unknown system ${entryId}`);
  const server = await startServer(entryId);
  try {
    const load = (m: number) =>
      timedRun(process.execPath, [
        SPINDLE,
        'echo',
        'client',
        '--port',
        String(server.port),
        '--connections',
        String(CONNECTIONS),
        '--messages',
        String(m),
        '--size',
        String(SIZE),
        '--json',
      ]);
    await load(200); // warm-up: the server's JIT
    const report = JSON.parse((await load(messages(context))).stdout);
    check(`${entryId} errors`, report.errors, 0);
    return { rate: report.requestsPerSecond, p50: report.latencyMs.p50, p99: report.latencyMs.p99 };
  } finally {
    server.stop();
  }
}

export const s15: Scenario = {
  id: 'S15',
  title: 'spindle echo serve vs a plain node:net echo server, same spindle echo client',
  entries: [
    { id: 'spindle', label: 'spindle echo serve', system: 'spindle' },
    { id: 'node-net', label: 'floor: plain node:net server', system: 'baseline' },
  ],
  metrics: [
    { key: 'rate', label: 'round trips/s', better: 'higher', digits: 0, ratio: true, chart: true },
    { key: 'p50', label: 'p50 ms', better: 'lower', digits: 3 },
    { key: 'p99', label: 'p99 ms', better: 'lower', digits: 3 },
  ],
  describe: (context) =>
    `Server and client as separate processes on 127.0.0.1: \`spindle echo client --connections ${CONNECTIONS} --messages ${messages(context)} --size ${SIZE}\` (one round trip at a time per connection, connections spread over worker threads) after a 200-message warm-up.`,
  notes: [
    "The floor server writes back every complete line of each 'data' chunk (latin1 strings); spindle's handler loops `readline()` → `write()` → `await drain()` and also enforces max-line, idle timeout and max-connections.",
  ],
  measure,
};
