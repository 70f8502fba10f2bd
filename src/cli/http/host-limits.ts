/**
 * A per-host cap on concurrent requests, one spindle asyncio Semaphore per origin. Taken before the
 * global -j slot, so requests waiting for a busy host never hold a slot another host could use.
 */
// spindle/asyncio's own modules, not its index: the index also loads the thread pool (toThread).
import { Semaphore } from '../../asyncio/semaphore.ts';

/** Semaphores keyed by origin (`https://host:port`), created on first use. */
export class HostLimits {
  readonly #perHost: number;
  readonly #byOrigin = new Map<string, Semaphore>();

  /** @param perHost the most requests in flight to one origin. */
  constructor(perHost: number) {
    this.#perHost = perHost;
  }

  /** Waits for a permit of `url`'s origin; disposing the guard gives it back. */
  hold(url: URL, signal: AbortSignal): Promise<Disposable> {
    let semaphore = this.#byOrigin.get(url.origin);
    if (semaphore === undefined) {
      semaphore = new Semaphore(this.#perHost);
      this.#byOrigin.set(url.origin, semaphore);
    }
    return semaphore.hold({ signal });
  }
}
