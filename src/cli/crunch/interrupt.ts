/** Ctrl-C or SIGTERM during a crunch: one line on stderr, exit 130 (the workers go with the process). */
import { ExitCode } from '../exit-codes.ts';
import { say } from '../output.ts';

/**
 * Exits 130 on the first SIGINT or SIGTERM.
 *
 * @example
 * ```ts
 * exitOnInterrupt('crunch');
 * ```
 */
export function exitOnInterrupt(tool: string): void {
  const stop = (signal: string) => {
    say(`spindle ${tool}: interrupted (${signal})`);
    process.exit(ExitCode.INTERRUPTED);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
