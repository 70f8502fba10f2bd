/** Samples the process's resident set size (all threads share it) on a fixed interval. */
export interface RssSampler {
  /** Stops sampling; sizes in MiB. `growth` is the peak above the baseline taken at start. */
  stop(): { baseline: number; peak: number; growth: number };
}

const MiB = 1024 * 1024;

export function sampleRss(intervalMs = 20): RssSampler {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return { baseline: baseline / MiB, peak: peak / MiB, growth: (peak - baseline) / MiB };
    },
  };
}

/** Runs a full collection when the process was started with --expose-gc (the children are). */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
