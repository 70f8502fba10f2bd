import { checkTimeout } from '../futures/wait-options.ts';
import { registerPrimitive } from './shared-primitive.ts';
import { Thread } from './thread.ts';
import { markCancelled } from './thread-state.ts';

/** Options of {@link Timer}. */
export interface TimerOptions {
  name?: string;
  daemon?: boolean;
}

/**
 * Python's `threading.Timer`: a Thread that waits `interval` ms, then runs `target(...args)`
 * unless `cancel()` was called first. The wait happens on the timer's own worker, asleep on a
 * shared word, so a cancel from any thread holding the Timer wakes it at once.
 *
 * @example
 * ```ts
 * const t = new Timer(500, remind, ['tea']);
 * t.start();
 * t.cancel(); // remind never runs
 * ```
 */
export class Timer extends Thread {
  protected static override readonly primitiveKind: string = 'Timer';

  constructor(
    interval?: number,
    target?: (...args: any[]) => unknown,
    args: unknown[] = [],
    options: TimerOptions = {},
  ) {
    // No arguments only when reviving a Timer sent from another thread (the base checks that).
    super(
      interval === undefined && target === undefined
        ? undefined
        : { target: target as (...args: unknown[]) => unknown, args, ...options },
    );
    if (this.revivedMeta !== undefined) return;
    const ms = checkTimeout(interval, 'interval');
    if (ms === undefined) throw new RangeError('interval must be a finite number of milliseconds');
    this.delay = ms;
  }

  /**
   * Stops the timer if it is still waiting; no effect once the target has begun.
   *
   * @example
   * ```ts
   * timer.cancel();
   * ```
   */
  cancel(): void {
    markCancelled(this.state);
  }
}

registerPrimitive('Timer', Timer);
