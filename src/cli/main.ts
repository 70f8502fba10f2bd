#!/usr/bin/env node
/**
 * The `spindle` command: parallel tools built only on spindle's public API. Usage errors exit 2
 * with one clear line; Ctrl-C exits 130; a tool's own outcome sets 0 or 1 (see exit-codes.ts).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { commands } from './commands.ts';
import { ExitCode, ToolError, UsageError } from './exit-codes.ts';
import { disableColor, paint, say } from './output.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command('spindle')
  .description("Python's concurrency toolkit for Node.js — parallel tools")
  .version(version, '-v, --version')
  .option('--no-color', 'no colours in messages (NO_COLOR also works)')
  .showHelpAfterError('(see --help)')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });
program.hook('preAction', () => {
  if (program.opts().color === false) disableColor();
});
for (const make of commands) program.addCommand(make().exitOverride());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version "fail" with exit code 0; real usage errors were already printed.
    process.exitCode = error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
  } else if (error instanceof UsageError) {
    say(`spindle: ${error.message}`);
    process.exitCode = ExitCode.USAGE;
  } else if (error instanceof ToolError) {
    say(paint('red', `spindle: ${error.message}`));
    process.exitCode = ExitCode.SOME_FAILED;
  } else {
    say(paint('red', `spindle: ${(error as Error)?.stack ?? String(error)}`));
    process.exitCode = ExitCode.SOME_FAILED;
  }
}
