#!/usr/bin/env node
/**
 * The `spindle` command: parallel tools built only on spindle's public API. Usage errors exit 2
 * with one clear line; Ctrl-C exits 130; a tool's own outcome sets 0 or 1 (see exit-codes.ts).
 * Only the chosen tool's module is loaded.
 */
import { resolveCommand } from './args/resolve.ts';
import { defineCommand } from './args/spec.ts';
import { commands } from './commands.ts';
import { ExitCode, UsageError } from './exit-codes.ts';
import { describeFailure, systemReason } from './failure.ts';
import { disableColor, emit, paint, say } from './output.ts';
import { packageVersion } from './version.ts';

const GLOBALS = {
  noColor: { description: 'no colours in messages (NO_COLOR also works)' },
  debug: { description: 'show the stack trace of a runtime error' },
} as const;

const root = defineCommand({
  name: 'spindle',
  description: "Python's concurrency toolkit for Node.js — parallel tools",
  options: { version: { short: 'v', description: 'print the version' } },
  subcommands: commands,
  run({ version }) {
    if (!version) throw new UsageError(`spindle needs a command: ${commands.map((c) => c.name).join(', ')}`);
    emit(packageVersion());
  },
});

// stdout closed by its reader (`| head`): stop quietly; any other write error (a full disk): one line.
process.stdout.on('error', (error: Error) => {
  if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.OK);
  say(paint('red', `spindle: cannot write the output: ${systemReason(error) ?? error.message}`));
  process.exit(ExitCode.SOME_FAILED);
});

let debug = process.argv.includes('--debug');
try {
  const invocation = await resolveCommand(root, process.argv.slice(2), GLOBALS);
  debug = invocation.globals.debug;
  if (invocation.globals.noColor) disableColor();
  if (invocation.help !== undefined) process.stdout.write(invocation.help);
  else await invocation.run!();
} catch (error) {
  if (error instanceof UsageError) {
    say(`spindle: ${error.message}`);
    process.exitCode = ExitCode.USAGE;
  } else {
    say(paint('red', `spindle: ${describeFailure(error)}`));
    if (debug) say(String((error as Error)?.stack ?? error));
    process.exitCode = ExitCode.SOME_FAILED;
  }
}
