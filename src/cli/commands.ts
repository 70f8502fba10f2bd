/** Every tool of the `spindle` command; each file builds one commander Command. */
import type { Command } from 'commander';
import { workerCommand } from './worker/command.ts';

export const commands: Array<() => Command> = [workerCommand];
