/** Every tool of the `spindle` command; each file builds one commander Command. */
import type { Command } from 'commander';

export const commands: Array<() => Command> = [];
