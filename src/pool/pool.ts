import { QueueFull, SpindleError, TimeoutError } from '../errors.ts';
import { abortReason } from '../futures/wait-options.ts';
import type { TaskDescriptor } from '../tasks/describe.ts';
import { Crashes } from './crashes.ts';
import { Deadlines } from './deadline.ts';
import { Dispatch } from './dispatch.ts';
import { type PoolParts, PoolState } from './pool-state.ts';
import { PoolTask } from './pool-task.ts';
import type { CallOptions, PoolSettings } from './settings.ts';
import { Shutdown } from './shutdown.ts';
import type { PoolStats } from './stats.ts';
import { Withdrawal } from './withdrawal.ts';

/**
 * The engine behind every local executor: a FIFO of waiting tasks, lazily started workers that
 * each run one task at a time with a few more prefetched, least-loaded dispatch, work stealing
 * for idle workers, cancellation and timeouts, crash recovery and shutdown — one part per
 * concept ({@link Dispatch}, {@link Withdrawal}, {@link Crashes}, {@link Shutdown}) over one
 * {@link PoolState}. It knows workers only through the `Runtime` interface.
 *
 * @example
 * ```ts
 * const pool = new Pool(settings);
 * const task = pool.submit(describeTask(square), [7], { signal: undefined, timeout: undefined, transfer: undefined });
 * console.log(await task); // 49
 * ```
 */
export class Pool {
  readonly #state: PoolState;
  readonly #parts: PoolParts;
  readonly #onCancel: (task: PoolTask<unknown>) => boolean;

  constructor(settings: PoolSettings) {
    const state = new PoolState(settings);
    const parts = {} as PoolParts;
    parts.dispatch = new Dispatch(state, parts);
    parts.withdrawal = new Withdrawal(state, parts);
    parts.crashes = new Crashes(state, parts);
    parts.shutdown = new Shutdown(state, parts);
    state.deadlines = new Deadlines((task) =>
      parts.withdrawal.abortRunning(
        task,
        new TimeoutError(`the task did not finish within ${task.timeout} ms of starting`),
      ),
    );
    this.#state = state;
    this.#parts = parts;
    this.#onCancel = (task) => parts.withdrawal.withdraw(task);
  }

  /** Queues one call (or one chunk of `map` items) and returns its future. */
  submit<T>(descriptor: TaskDescriptor, args: unknown[], options: CallOptions, chunked = false): PoolTask<T> {
    this.#assertAccepting();
    const state = this.#state;
    if (this.queueRoom() <= 0) {
      throw new QueueFull(`${state.settings.name}: ${state.settings.maxQueue} tasks already wait (maxQueue)`);
    }
    const task = new PoolTask<unknown>(
      this.#onCancel,
      descriptor,
      args,
      chunked,
      options.timeout,
      options.transfer,
      options.shared === true,
    );
    const { signal } = options;
    if (signal) {
      if (signal.aborted) {
        task.cancel();
        return task as PoolTask<T>;
      }
      const onAbort = () => {
        if (!task.cancel()) this.#parts.withdrawal.abortRunning(task, abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      task.removeAbortListener = () => signal.removeEventListener('abort', onAbort);
    }
    if (options.keepAlive === false) task.keepAlive = false;
    // Tasks already waiting mean the last dispatch found no worker with room, and every event
    // that makes room (an answer, a worker ready or gone, a withdrawal that empties a worker)
    // dispatches again: with every worker started, this one has nothing to add.
    const backlog = state.queuedLive > 0 && state.workers.size >= state.settings.maxWorkers;
    state.queue.push(task);
    state.queuedLive++;
    if (!backlog) this.#parts.dispatch.dispatch();
    return task as PoolTask<T>;
  }

  /** Room left before `submit` throws QueueFull: maxQueue minus the tasks waiting to start. */
  queueRoom(): number {
    const { maxQueue } = this.#state.settings;
    return maxQueue === Number.POSITIVE_INFINITY ? maxQueue : maxQueue - this.#state.waiting();
  }

  /**
   * Stops taking work. Queued work still runs unless `cancelFutures`; the returned promise
   * settles when every worker has exited. `timeout` bounds the wait: past it, running tasks fail
   * with CancelledError and their workers are terminated.
   */
  shutdown(cancelFutures: boolean, timeout: number | undefined): Promise<void> {
    return this.#parts.shutdown.begin(cancelFutures, timeout);
  }

  /**
   * Settles once every task that had not started when `cancelFutures` was asked is cancelled
   * (at once when there was no such request). A long queue is cancelled a slice at a time.
   */
  cancelled(): Promise<void> {
    return this.#parts.shutdown.cancelled();
  }

  stats(): PoolStats {
    const { workers, counters } = this.#state;
    const busy = workers.busy();
    const live = { workers: workers.size, busy, idle: workers.ready.length - busy };
    return counters.snapshot({ ...live, queued: this.#state.waiting() });
  }

  #assertAccepting(): void {
    const state = this.#state;
    if (state.broken) throw state.broken;
    if (state.shuttingDown) {
      throw new SpindleError(
        'ERR_EXECUTOR_SHUTDOWN',
        `${state.settings.name}: cannot submit after shutdown()`,
      );
    }
  }
}
