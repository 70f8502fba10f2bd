import { checkTimeout } from '../futures/wait-options.ts';
import { registerPrimitive } from './shared-primitive.ts';
import { Thread, type ThreadOptions } from './thread.ts';
import { markCancelled } from './thread-state.ts';

/** Options of {@link Timer}. */
export interface TimerOptions {
  name?: string;
  daemon?: boolean;
}

/**
 * Python's `threading.Timer`: a Thread that waits `interval` ms, then runs `target(...args)`
 * (args typed from the target) unless `cancel()` was called first. The wait happens on the timer's own worker, asleep on a
 * shared word, so a cancel from any thread holding the Timer wakes it at once.
 *
 * @example
 * ```ts
 * const t = new Timer(500, remind, ['tea']);
 * t.start();
 * t.cancel(); // remind never runs
 * ```
 */
export class Timer<A extends unknown[] = any[]> extends Thread<A> {
  protected static override readonly primitiveKind: string = 'Timer';

  constructor(
    interval?: number,
    target?: (...args: A) => unknown,
    args: NoInfer<A> = [] as unknown as A,
    options: TimerOptions = {},
  ) {
    // No arguments only when reviving a Timer sent from another thread (the base checks that).
    super(
      interval === undefined && target === undefined
        ? undefined
        : ({ target, args, ...options } as ThreadOptions<A>),
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
