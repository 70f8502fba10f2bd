/** `spindle crunch`: CPU-bound jobs on spindle's pools — primes, factorials, and a comparison. */
import { defineCommand } from '../args/spec.ts';
import { UsageError } from '../exit-codes.ts';
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
 * const { crunchCommand } = await import('./crunch/command.ts');
 * ```
 */
export const crunchCommand = defineCommand({
  name: 'crunch',
  description: 'CPU-bound jobs on the built-in pools: count primes, compute factorials, compare backends',
  options: {
    compare: {
      description: 'run the primes job on every backend and compare wall time, CPU time and speedup',
    },
    to: { value: '<N>', description: 'with --compare: count the primes ≤ N (default 1e10)' },
    workers: {
      value: '<N>',
      description: 'with --compare: workers of the parallel backends (default: the CPUs available)',
    },
    json: { description: 'with --compare: print one JSON document on stdout' },
  },
  epilog: EXAMPLES,
  subcommands: [primesCommand, factorialsCommand],
  async run(options) {
    if (!options.compare) throw new UsageError('crunch needs a job: primes, factorials or --compare');
    // Loaded here so that `crunch primes` and `crunch --help` never load the comparison.
    const { compare } = await import('./compare-command.ts');
    await compare(options);
  },
});
