/**
 * Every tool of the `spindle` command, by name: each module is imported only when its tool runs
 * or shows its help, so `spindle --version` and `spindle --help` load none of them.
 */
import type { LazyCommand } from './args/spec.ts';

export const commands: LazyCommand[] = [
  {
    name: 'download',
    description: 'download URLs in parallel: .part files, retries with backoff, resume, checksums',
    load: async () => (await import('./download/command.ts')).downloadCommand,
  },
  {
    name: 'check',
    description: 'check URLs in parallel: status, latency, redirect chain and error for each',
    load: async () => (await import('./check/command.ts')).checkCommand,
  },
  {
    name: 'crunch',
    description: 'CPU-bound jobs on the built-in pools: count primes, compute factorials, compare backends',
    load: async () => (await import('./crunch/command.ts')).crunchCommand,
  },
  {
    name: 'echo',
    description: 'a TCP echo server that survives bad clients, and a client that measures it',
    load: async () => (await import('./echo/command.ts')).echoCommand,
  },
  {
    name: 'worker',
    description: 'run tasks for DistributedExecutors (spindle/distributed) from a Redis queue',
    load: async () => (await import('./worker/command.ts')).workerCommand,
  },
];
