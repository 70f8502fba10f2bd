/** `spindle crunch`: CPU-bound jobs on spindle's pools — primes, factorials, and a comparison. */
import { Command } from 'commander';
import { UsageError } from '../exit-codes.ts';
import { type CompareOptions, compare } from './compare-command.ts';
import { factorialsCommand } from './factorials-command.ts';
import { primesCommand } from './primes-command.ts';

const EXAMPLES = `
Examples:
  $ spindle crunch --compare                  # π(10^8): serial vs threads, speedup and efficiency
  $ spindle crunch --compare --to 1e9 --json
  $ spindle crunch primes --to 1e9 --workers 2
  $ spindle crunch factorials --from 1 --to 20`;

/**
 * The `crunch` command with its `primes` and `factorials` subcommands.
 *
 * @example
 * ```ts
 * program.addCommand(crunchCommand());
 * ```
 */
export function crunchCommand(): Command {
  return new Command('crunch')
    .description('CPU-bound jobs on the built-in pools: count primes, compute factorials, compare backends')
    .enablePositionalOptions()
    .option('--compare', 'run the primes job on every backend and compare wall time, CPU time and speedup')
    .option('--to <N>', 'with --compare: count the primes ≤ N (default 1e10)')
    .option('--workers <N>', 'with --compare: workers of the parallel backends (default: the CPUs available)')
    .option('--json', 'with --compare: print one JSON document on stdout')
    .addHelpText('after', EXAMPLES)
    .addCommand(primesCommand())
    .addCommand(factorialsCommand())
    .action(async (options: CompareOptions) => {
      if (options.compare !== true)
        throw new UsageError('crunch needs a job: primes, factorials or --compare');
      await compare(options);
    });
}
