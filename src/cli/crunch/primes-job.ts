/**
 * The primes job: π(n) by the segmented sieve, cut into pieces of whole segments that a backend
 * runs in parallel. Times the run (wall and CPU) and checks the answer.
 */
import { type Backend, openBackend } from './backends.ts';
import type { BackendName } from './parse.ts';
import { startProgress } from './progress.ts';
import { basePrimes, primeCount, SEGMENT_BYTES, sieveBytes } from './sieve.ts';
import { sievePiece, sievePieceWithCpu } from './tasks.ts';

/** One run of the primes job on one backend. */
export interface PrimesRun {
  backend: BackendName;
  workers: number;
  count: number;
  pieces: number;
  wallMs: number;
  /** CPU time during the run, user + system: this process (all its threads) plus its child processes' pieces. */
  cpuMs: number;
  /** Time to start the workers, before the run (not in wallMs). */
  startMs: number;
}

/** Pieces per worker: enough to balance the load and move the progress bar. */
const PIECES_PER_WORKER = 8;

/**
 * Counts the primes ≤ n on a fresh backend, then closes it.
 *
 * @example
 * ```ts
 * const run = await primesOn('threads', 2, 1e8); // run.count === 5761455
 * ```
 */
export async function primesOn(name: BackendName, workers: number, n: number): Promise<PrimesRun> {
  const backend = await openBackend(name, workers);
  try {
    return await countPrimes(backend, n);
  } finally {
    await backend.close();
  }
}

async function countPrimes(backend: Backend, n: number): Promise<PrimesRun> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const primes = basePrimes(n);
  const pieces = cut(sieveBytes(n), backend.workers * PIECES_PER_WORKER);
  const progress = startProgress(`π(${n.toLocaleString('en')}) on ${backend.name}`, pieces.length);
  let survivors = 0;
  let childCpuMicros = 0;
  try {
    await Promise.all(
      pieces.map(async ([from, to]) => {
        if (backend.inChildProcesses) {
          const [piece, cpuMicros] = await backend.run(sievePieceWithCpu, from, to, primes, n);
          survivors += piece;
          childCpuMicros += cpuMicros;
        } else {
          // Awaited first: `survivors += await …` would read survivors before the wait.
          const piece = await backend.run(sievePiece, from, to, primes, n);
          survivors += piece;
        }
        progress.tick();
      }),
    );
  } finally {
    progress.stop();
  }
  const wallMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpuBefore);
  return {
    backend: backend.name,
    workers: backend.workers,
    count: primeCount(n, survivors),
    pieces: pieces.length,
    wallMs,
    cpuMs: (user + system + childCpuMicros) / 1000,
    startMs: backend.startMs,
  };
}

/** Bytes [0, total) cut into at most `most` ranges of whole segments, as even as possible. */
function cut(total: number, most: number): Array<[number, number]> {
  const segments = Math.ceil(total / SEGMENT_BYTES);
  const count = Math.max(1, Math.min(most, segments));
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    const from = Math.floor((segments * i) / count) * SEGMENT_BYTES;
    const to = Math.min(total, Math.floor((segments * (i + 1)) / count) * SEGMENT_BYTES);
    ranges.push([from, to]);
  }
  return ranges;
}
