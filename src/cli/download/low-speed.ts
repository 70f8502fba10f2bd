/**
 * The low-speed limit of a transfer (curl's `--speed-limit`/`--speed-time`): a body that moves
 * fewer than `bytesPerSecond` on average over any `seconds`-long stretch is cut off with
 * {@link LowSpeedError}, a transient failure (retried, continuing the `.part`). The silence
 * timeout alone never ends a body that trickles one byte a second.
 */
import { SpindleError } from '../../errors.ts';

/** The limit: at least `bytesPerSecond`, averaged over `seconds`. */
export interface SpeedLimit {
  bytesPerSecond: number;
  seconds: number;
}

/** A body slower than the limit for the whole window. */
export class LowSpeedError extends SpindleError {
  override name = 'LowSpeedError' as const;
  constructor(limit: SpeedLimit, bytes: number) {
    super(
      'ERR_HTTP_LOW_SPEED',
      `${bytes} bytes in ${limit.seconds} s, below the limit of ${limit.bytesPerSecond} bytes/s`,
    );
  }
}

/** Counts a body's bytes; `stop()` when the body is over. */
export interface SpeedWatch {
  add(bytes: number): void;
  stop(): void;
}

/**
 * Watches a transfer once a second; calls `cut(error)` once when the last `limit.seconds`
 * seconds moved too little.
 *
 * @example
 * const watch = watchSpeed({ bytesPerSecond: 1000, seconds: 30 }, (e) => body.destroy(e));
 * body.on('data', (chunk) => watch.add(chunk.length));
 * body.once('close', () => watch.stop());
 */
export function watchSpeed(limit: SpeedLimit, cut: (error: LowSpeedError) => void): SpeedWatch {
  const window = Math.max(1, Math.ceil(limit.seconds));
  // Bytes per elapsed second, newest last; judged once the window is full.
  const seconds: number[] = [];
  let current = 0;
  const timer = setInterval(() => {
    seconds.push(current);
    current = 0;
    if (seconds.length > window) seconds.shift();
    if (seconds.length < window) return;
    const moved = seconds.reduce((a, b) => a + b, 0);
    if (moved < limit.bytesPerSecond * window) {
      clearInterval(timer);
      cut(new LowSpeedError(limit, moved));
    }
  }, 1000);
  timer.unref();
  return {
    add(bytes) {
      current += bytes;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
