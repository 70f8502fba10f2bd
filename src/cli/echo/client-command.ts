/**
 * `spindle echo client`: load for an echo server from worker threads (a ThreadPoolExecutor whose
 * tasks each drive a share of the connections), so the client is not the bottleneck. Reports
 * requests per second and round-trip latency percentiles.
 */
import { availableParallelism } from 'node:os';
import { defineCommand } from '../args/spec.ts';
import { parseInteger } from '../crunch/parse.ts';
import { ExitCode } from '../exit-codes.ts';
import { emit, say } from '../output.ts';
import type { LoadOutcome } from './load.ts';

const EXAMPLES = `
Examples:
  $ spindle echo client --port 8888
  $ spindle echo client --port 8888 --connections 64 --messages 2000 --size 128 --json`;

/** The `client` subcommand of `spindle echo`. */
export const clientCommand = defineCommand({
  name: 'client',
  description: 'load an echo server from worker threads; report req/s and latency p50/p99',
  options: {
    host: { value: '<host>', description: 'server address', default: '127.0.0.1' },
    port: { value: '<P>', description: 'server port', default: '8888' },
    connections: { value: '<N>', description: 'connections, spread over the worker threads', default: '8' },
    messages: { value: '<M>', description: 'round trips per connection', default: '1000' },
    size: { value: '<BYTES>', description: 'bytes per message, newline included', default: '64' },
    workers: {
      value: '<N>',
      description: 'worker threads (default: the CPUs available, at most one per connection)',
    },
    json: { description: 'print one JSON document on stdout' },
  },
  epilog: EXAMPLES,
  async run(options) {
    const port = parseInteger(options.port, '--port', 1, 65535);
    const connections = parseInteger(options.connections, '--connections', 1, 100_000);
    const messages = parseInteger(options.messages, '--messages', 1, 10_000_000);
    const size = parseInteger(options.size, '--size', 1, 16 * 1024 * 1024);
    const workers =
      options.workers === undefined
        ? Math.min(availableParallelism(), connections)
        : parseInteger(options.workers, '--workers', 1, Math.min(256, connections));
    // Loaded here so that `echo --help` and usage errors never load the pool.
    const [{ ThreadPoolExecutor }, { echoLoad }] = await Promise.all([
      import('../../futures/index.ts'),
      import('./load.ts'),
    ]);
    await using pool = new ThreadPoolExecutor({ maxWorkers: workers });
    const outcomes = await Promise.all(
      share(connections, workers).map((count) =>
        pool.submit(echoLoad, options.host, port, count, messages, size),
      ),
    );
    const report = summarise(outcomes, { connections, messages, size, workers });
    if (options.json) emit(JSON.stringify(report, null, 2));
    else emit(describe(report));
    if (report.errors > 0) {
      say(`spindle echo: ${report.errors} messages failed (${report.firstError})`);
      process.exitCode = ExitCode.SOME_FAILED;
    }
  },
});

/** `total` connections dealt out to `workers` as evenly as possible. */
function share(total: number, workers: number): number[] {
  return Array.from(
    { length: workers },
    (_, i) => Math.floor(total / workers) + (i < total % workers ? 1 : 0),
  );
}

interface Report {
  connections: number;
  messages: number;
  size: number;
  workers: number;
  requests: number;
  errors: number;
  firstError?: string;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
}

function summarise(
  outcomes: LoadOutcome[],
  settings: Omit<Report, 'requests' | 'errors' | 'seconds' | 'requestsPerSecond' | 'latencyMs'>,
): Report {
  const all = new Float64Array(outcomes.reduce((n, o) => n + o.latencies.length, 0));
  let at = 0;
  for (const o of outcomes) {
    all.set(o.latencies, at);
    at += o.latencies.length;
  }
  all.sort();
  const pick = (q: number) =>
    all.length === 0 ? 0 : all[Math.min(all.length - 1, Math.floor(q * all.length))]!;
  const seconds =
    (Math.max(...outcomes.map((o) => o.endedAt)) - Math.min(...outcomes.map((o) => o.startedAt))) / 1000;
  return {
    ...settings,
    requests: all.length,
    errors: outcomes.reduce((n, o) => n + o.errors, 0),
    firstError: outcomes.find((o) => o.firstError !== undefined)?.firstError,
    seconds,
    requestsPerSecond: all.length / seconds,
    latencyMs: { p50: pick(0.5), p99: pick(0.99), max: all.length === 0 ? 0 : all[all.length - 1]! },
  };
}

function describe(r: Report): string {
  const ms = (x: number) => `${x.toFixed(3)} ms`;
  return (
    `${r.requests.toLocaleString('en')} round trips of ${r.size} bytes over ${r.connections} connections ` +
    `(${r.workers} threads) in ${r.seconds.toFixed(2)} s: ${Math.round(r.requestsPerSecond).toLocaleString('en')} req/s, ` +
    `latency p50 ${ms(r.latencyMs.p50)}, p99 ${ms(r.latencyMs.p99)}, max ${ms(r.latencyMs.max)}; ${r.errors} errors`
  );
}
