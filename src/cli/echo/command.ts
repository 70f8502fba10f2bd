/** `spindle echo`: a TCP line echo server and a load-generating client, on spindle's asyncio streams. */
import { defineCommand } from '../args/spec.ts';
import { clientCommand } from './client-command.ts';
import { serveCommand } from './serve-command.ts';

/**
 * The `echo` command with its `serve` and `client` subcommands.
 *
 * @example
 * ```ts
 * const { echoCommand } = await import('./echo/command.ts');
 * ```
 */
export const echoCommand = defineCommand({
  name: 'echo',
  description: 'a TCP echo server that survives bad clients, and a client that measures it',
  options: {},
  epilog: `
Examples:
  $ spindle echo serve --port 8888
  $ spindle echo client --port 8888 --connections 32 --messages 1000`,
  subcommands: [serveCommand, clientCommand],
});
