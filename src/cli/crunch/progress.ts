/**
 * Progress of a long crunch on stderr: a bar when stderr is a terminal, otherwise a plain line
 * at most every five seconds (so short runs print nothing).
 */
import { interactive, say } from '../output.ts';
import { bar, ProgressArea } from '../progress-area.ts';

/** Counts finished pieces of a job. */
export interface Progress {
  tick(): void;
  stop(): void;
}

const PLAIN_EVERY_MS = 5000;

/**
 * A progress reporter for `total` pieces of the job named `label`.
 *
 * @example
 * ```ts
 * const progress = startProgress('primes', pieces.length);
 * for (const piece of pieces) { await run(piece); progress.tick(); }
 * progress.stop();
 * ```
 */
export function startProgress(label: string, total: number): Progress {
  let done = 0;
  const started = performance.now();
  if (interactive()) {
    const area = new ProgressArea(() => [
      `${label} [${bar(done / total, 40)}] ${Math.floor((100 * done) / total)}% · ${done}/${total} pieces · ${((performance.now() - started) / 1000).toFixed(0)}s`,
    ]);
    return { tick: () => done++, stop: () => area.stop() };
  }
  let lastLine = started;
  return {
    tick: () => {
      done++;
      const now = performance.now();
      if (now - lastLine < PLAIN_EVERY_MS || done === total) return;
      lastLine = now;
      say(
        `${label}: ${Math.floor((100 * done) / total)}% (${done}/${total} pieces, ${((now - started) / 1000).toFixed(0)} s)`,
      );
    },
    stop: () => {},
  };
}
