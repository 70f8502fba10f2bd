/**
 * Noticing that Redis is gone for good. ioredis reconnects forever and queues every command
 * meanwhile, so without a bound a future whose job was running when Redis died would wait
 * forever. A watch declares Redis lost once any of its clients has been disconnected for
 * `reconnectTimeout` ms in a row, and says so through an AbortSignal whose reason is a
 * {@link RedisUnavailableError}; when every client is ready again, a fresh signal starts over.
 * @module
 */
import type { Redis } from 'ioredis';
import { describeClient, lastError, RedisUnavailableError } from './connection.ts';

/**
 * Watches a set of clients for an outage longer than `reconnectTimeout` ms.
 *
 * @example
 * ```ts
 * const watch = new ConnectionWatch([client, eventsClient], 30_000, (error) => failPending(error));
 * await waitWithin(client.ping(), { signal: watch.signal }, 'ping'); // rejects once Redis is lost
 * watch.close();
 * ```
 */
export class ConnectionWatch {
  readonly #clients: readonly Redis[];
  readonly #reconnectTimeout: number;
  readonly #onLost: (error: RedisUnavailableError) => void;
  #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  readonly #down = () => this.#startTimer();
  readonly #ready = () => this.#clientReady();

  /**
   * @param reconnectTimeout ms a client may stay disconnected before Redis counts as lost
   * @param onLost called once per outage, when Redis counts as lost
   */
  constructor(
    clients: readonly Redis[],
    reconnectTimeout: number,
    onLost: (error: RedisUnavailableError) => void,
  ) {
    this.#clients = clients;
    this.#reconnectTimeout = reconnectTimeout;
    this.#onLost = onLost;
    for (const client of clients) {
      client.on('close', this.#down);
      client.on('end', this.#down);
      client.on('ready', this.#ready);
    }
  }

  /** Aborted, with a RedisUnavailableError as its reason, while Redis counts as lost. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Stops watching (at shutdown). */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const client of this.#clients) {
      client.off('close', this.#down);
      client.off('end', this.#down);
      client.off('ready', this.#ready);
    }
  }

  #startTimer(): void {
    if (this.#timer !== undefined || this.#controller.signal.aborted) return;
    this.#timer = setTimeout(() => this.#lost(), this.#reconnectTimeout);
  }

  #clientReady(): void {
    if (!this.#clients.every((client) => client.status === 'ready')) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#controller.signal.aborted) this.#controller = new AbortController();
  }

  #lost(): void {
    this.#timer = undefined;
    const down = this.#clients.find((client) => client.status !== 'ready') ?? this.#clients[0]!;
    const last = lastError(down);
    const error = new RedisUnavailableError(
      `lost the connection to Redis at ${describeClient(down)} for ${this.#reconnectTimeout} ms` +
        (last ? ` (${last.message})` : '') +
        '; pending futures fail (reconnectTimeout sets how long they wait for Redis to come back)',
      last ? { cause: last } : undefined,
    );
    this.#onLost(error);
    this.#controller.abort(error);
  }
}
