/** `spindle echo`: a TCP line echo server and a load-generating client, on spindle's asyncio streams. */
import { Command } from 'commander';
import { clientCommand } from './client-command.ts';
import { serveCommand } from './serve-command.ts';

/**
 * The `echo` command with its `serve` and `client` subcommands.
 *
 * @example
 * ```ts
 * program.addCommand(echoCommand());
 * ```
 */
export function echoCommand(): Command {
  return new Command('echo')
    .description('a TCP echo server that survives bad clients, and a client that measures it')
    .addHelpText(
      'after',
      `
Examples:
  $ spindle echo serve --port 8888
  $ spindle echo client --port 8888 --connections 32 --messages 1000`,
    )
    .addCommand(serveCommand())
    .addCommand(clientCommand());
}
