/** Every tool of the `spindle` command; each file builds one commander Command. */
import type { Command } from 'commander';
import { crunchCommand } from './crunch/command.ts';
import { echoCommand } from './echo/command.ts';

export const commands: Array<() => Command> = [crunchCommand, echoCommand];
