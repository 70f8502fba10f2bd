/** `spindle echo serve`: the echo server, until Ctrl-C (exit 130) or SIGTERM (exit 0). */
import { defineCommand } from '../args/spec.ts';
import { parseInteger } from '../crunch/parse.ts';
import { ExitCode } from '../exit-codes.ts';
import { emit, say } from '../output.ts';

const EXAMPLES = `
Examples:
  $ spindle echo serve                                   # 127.0.0.1:8888
  $ spindle echo serve --port 0 --max-line 1024 --idle-timeout 30 --max-connections 100
  $ spindle echo client --port 8888 --connections 64 --messages 1000`;

/** The `serve` subcommand of `spindle echo`. */
export const serveCommand = defineCommand({
  name: 'serve',
  description: 'a TCP line echo server; oversized lines, idle clients and floods are closed with a reason',
  options: {
    host: { value: '<host>', description: 'address to listen on', default: '127.0.0.1' },
    port: { value: '<P>', description: 'port (0 picks a free one)', default: '8888' },
    maxLine: { value: '<BYTES>', description: 'longest line accepted', default: '65536' },
    idleTimeout: { value: '<SEC>', description: 'close a connection silent this long', default: '300' },
    maxConnections: {
      value: '<N>',
      description: 'connections served at once; more are refused with a reason',
      default: '1000',
    },
  },
  epilog: EXAMPLES,
  async run(options) {
    const settings = {
      host: options.host,
      port: parseInteger(options.port, '--port', 0, 65535),
      maxLine: parseInteger(options.maxLine, '--max-line', 1, 2 ** 30),
      idleTimeout: 1000 * parseInteger(options.idleTimeout, '--idle-timeout', 1, 86_400),
      maxConnections: parseInteger(options.maxConnections, '--max-connections', 1, 1_000_000),
    };
    // Signals first: whoever reads "listening on" may send one at once.
    const stop = new AbortController();
    let code: number = ExitCode.OK;
    process.once('SIGINT', () => {
      code = ExitCode.INTERRUPTED;
      stop.abort();
    });
    process.once('SIGTERM', () => stop.abort());
    // Loaded here so that `echo --help` and usage errors never load the asyncio streams.
    const { startEchoServer } = await import('./server.ts');
    const { server, counters } = await startEchoServer(settings);
    emit(`listening on ${server.address.address}:${server.address.port}`);
    await server.serveForever({ signal: stop.signal }).catch(() => {});
    server.closeClients();
    await server.waitClosed({ timeout: 5000 }).catch(() => {});
    say(
      `served ${counters.connections} connections, echoed ${counters.lines} lines; ` +
        `${counters.closedForReason} closed for a reason, ${counters.refused} refused`,
    );
    process.exit(code);
  },
});
