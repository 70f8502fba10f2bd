#!/usr/bin/env node
/**
 * The `spindle` command. Its tools (download, check, crunch, echo) arrive with their issues;
 * for now it reports its version and the tools to come.
 */
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const [command] = process.argv.slice(2);

if (command === '--version' || command === '-v') {
  console.log(version);
} else if (command === undefined || command === '--help' || command === '-h') {
  console.log(`spindle ${version} — Python's concurrency toolkit for Node.js

usage: spindle <command>

commands: none yet (download, check, crunch and echo are planned)
options:  --version, --help`);
} else {
  console.error(`spindle: unknown command "${command}" (see spindle --help)`);
  process.exitCode = 2;
}
