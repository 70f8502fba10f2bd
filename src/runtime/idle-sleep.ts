import type { ChannelReceiver } from '../wire/channel-receiver.ts';
import type { Batch } from '../wire/outbox.ts';

/**
 * How long an idle worker thread sleeps on its calls channel before it goes back to its event
 * loop, and the longest it goes without an event-loop turn before a sleep. It bounds how late
 * work nobody can see is served (an unref'd timer, an `Atomics.waitAsync` or a promise chain a
 * task left behind). A worker idle for longer waits in its event loop like any thread, and
 * costs nothing.
 */
export const SLEEP_MS = 10;

const resolved = Promise.resolve();

/** This thread's sleeps on its calls channel, and how many of them a call ended (diagnostics). */
export const idleSleeps = { slept: 0, woken: 0 };

/**
 * When a worker thread with nothing to run may block in `Atomics.wait` (on the shared-memory
 * channel its calls arrive on) instead of waiting in its event loop — the fast path that makes a
 * lone call's wake-up a futex wake rather than an event-loop one.
 *
 * Blocking freezes the thread's event loop, so it happens only when nothing is pending there: no
 * timer, immediate, socket, file operation or child (anything `process.getActiveResourcesInfo()`
 * lists) and no message port beyond those open when the worker started. A task that leaves a
 * timer or an I/O operation running therefore keeps the worker in its event loop until that work
 * is done (piscina #331 is the bug this avoids). The check runs after the microtasks the last
 * call queued, and the event loop gets a turn at least every {@link SLEEP_MS} however fast calls
 * come.
 *
 * @example
 * ```ts
 * const sleep = new IdleSleep(calls, (batch) => loop.receive(batch));
 * sleep.idle(() => loop.idle); // at the end of every drain
 * ```
 */
export class IdleSleep {
  readonly #ports: number;
  #scheduled = false;
  #stillIdle: () => boolean = () => false;
  /** When the event loop last had a turn before a sleep (performance.now()). */
  #turnAt = 0;
  readonly #run = () => this.#sleep();
  readonly #runAfterTurn = () => {
    this.#turnAt = performance.now();
    this.#sleep();
  };

  constructor(
    private readonly calls: ChannelReceiver,
    private readonly deliver: (batch: Batch) => void,
  ) {
    this.#ports = countPorts(process.getActiveResourcesInfo());
  }

  /**
   * The loop has run out of calls: sleep once the microtasks queued so far have run (the
   * answers' flush among them) if it still has none then. That skips a trip through the event
   * loop per call (an epoll wait each: the one cost a lone call still paid that piscina's worker
   * does not); the loop still gets a turn before a sleep at least every {@link SLEEP_MS}, so
   * whatever `#pending` cannot see is held up by no more than that.
   */
  idle(stillIdle: () => boolean): void {
    this.#stillIdle = stillIdle;
    if (this.#scheduled) return;
    this.#scheduled = true;
    if (performance.now() - this.#turnAt < SLEEP_MS) void resolved.then(this.#run);
    else setImmediate(this.#runAfterTurn);
  }

  #sleep(): void {
    this.#scheduled = false;
    if (!this.#stillIdle() || this.#pending()) return;
    idleSleeps.slept++;
    const batch = this.calls.sleep(SLEEP_MS);
    // Run it, and whatever came with it, in this turn; the loop idles again when they are done.
    if (batch !== undefined) {
      idleSleeps.woken++;
      this.deliver(batch);
      this.calls.drain(this.deliver);
    }
  }

  /** Whether the event loop has work of its own that sleeping would hold up. */
  #pending(): boolean {
    const resources = process.getActiveResourcesInfo();
    for (const resource of resources) if (resource !== 'MessagePort') return true;
    return resources.length > this.#ports;
  }
}

function countPorts(resources: string[]): number {
  let ports = 0;
  for (const resource of resources) if (resource === 'MessagePort') ports++;
  return ports;
}
