/** Percentiles of a duration, in milliseconds, over the most recent samples. */
export interface DurationSummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Keeps the last `capacity` samples in a fixed buffer: constant memory however long the pool lives. */
export class SampleWindow {
  readonly #samples: Float64Array;
  #next = 0;
  #filled = 0;

  constructor(capacity = 2048) {
    this.#samples = new Float64Array(capacity);
  }

  add(value: number): void {
    this.#samples[this.#next] = value;
    this.#next = (this.#next + 1) % this.#samples.length;
    if (this.#filled < this.#samples.length) this.#filled++;
  }

  summary(): DurationSummary {
    const n = this.#filled;
    if (n === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
    const sorted = this.#samples.slice(0, n).sort();
    const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * n))]!;
    let sum = 0;
    for (const v of sorted) sum += v;
    return { count: n, mean: sum / n, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[n - 1]! };
  }
}

/** What `executor.stats()` reports. */
export interface PoolStats {
  /** Live workers (starting, idle or busy). */
  workers: number;
  busy: number;
  idle: number;
  /** Tasks waiting for a worker. */
  queued: number;
  completed: number;
  failed: number;
  cancelled: number;
  /** Time from a task's start to its result. */
  runTime: DurationSummary;
  /** Time from submit to start. */
  waitTime: DurationSummary;
}

/** The pool's outcome counters and recent wait/run times. */
export class PoolCounters {
  completed = 0;
  failed = 0;
  cancelled = 0;
  readonly #runTimes = new SampleWindow();
  readonly #waitTimes = new SampleWindow();

  /** Records a started task's wait (queued → started) and run (started → now) times, in ms. */
  times(queuedAt: number, startedAt: number, now: number): void {
    this.#waitTimes.add(startedAt - queuedAt);
    this.#runTimes.add(now - startedAt);
  }

  /** The counters and summaries, with the live worker figures supplied by the pool. */
  snapshot(live: Pick<PoolStats, 'workers' | 'busy' | 'idle' | 'queued'>): PoolStats {
    return {
      ...live,
      completed: this.completed,
      failed: this.failed,
      cancelled: this.cancelled,
      runTime: this.#runTimes.summary(),
      waitTime: this.#waitTimes.summary(),
    };
  }
}
