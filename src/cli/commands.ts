/** Every tool of the `spindle` command; each file builds one commander Command. */
import type { Command } from 'commander';
import { checkCommand } from './check/command.ts';
import { crunchCommand } from './crunch/command.ts';
import { downloadCommand } from './download/command.ts';
import { echoCommand } from './echo/command.ts';
import { workerCommand } from './worker/command.ts';

export const commands: Array<() => Command> = [
  downloadCommand,
  checkCommand,
  crunchCommand,
  echoCommand,
  workerCommand,
];
