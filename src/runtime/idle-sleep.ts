import type { Batch } from '../wire/outbox.ts';
import type { ChannelReceiver } from '../wire/shared-channel.ts';

/**
 * How long an idle worker thread sleeps on its doorbell before it goes back to its event loop.
 * It bounds how late work nobody can see is served (an unref'd timer, an `Atomics.waitAsync` a
 * task left behind): at most this much, and only while the worker has nothing else to do. A
 * worker idle for longer waits in its event loop like any thread, and costs nothing.
 */
export const SLEEP_MS = 10;

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
 * is done (piscina #331 is the bug this avoids). The check runs in an immediate, after the
 * microtasks of the last call, and each call the worker wakes for is run in its own turn, so the
 * event loop still gets a turn between calls.
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
  readonly #run = () => this.#sleep();

  constructor(
    private readonly calls: ChannelReceiver,
    private readonly deliver: (batch: Batch) => void,
  ) {
    this.#ports = countPorts(process.getActiveResourcesInfo());
  }

  /** The loop has run out of calls: sleep on the bell at the end of this turn if it still has none then. */
  idle(stillIdle: () => boolean): void {
    this.#stillIdle = stillIdle;
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(this.#run);
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
