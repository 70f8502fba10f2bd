/**
 * Redis connections for the distributed executor and worker: one option shape (a `redis://`
 * URL or ioredis options), clients that reconnect forever, and a bounded wait for readiness
 * that turns "Redis is not there" into one clear error instead of a hang.
 * @module
 */
import type { Redis, RedisOptions } from 'ioredis';
import { SpindleError } from '../errors.ts';
import { engine } from './engine.ts';

/** Where Redis is: a `redis://[:password@]host:port[/db]` URL, or ioredis options. */
export type ConnectionSpec = string | RedisOptions;

/**
 * Redis could not be reached within the allowed wait.
 *
 * @example
 * ```ts
 * const f = executor.submit(square, 2);
 * await f.catch((e) => e instanceof RedisUnavailableError); // true when Redis is down
 * ```
 */
export class RedisUnavailableError extends SpindleError {
  override name = 'RedisUnavailableError' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_REDIS_UNAVAILABLE', message, options);
  }
}

/**
 * A new ioredis client for `spec`: commands wait through reconnections (BullMQ needs
 * `maxRetriesPerRequest: null`); callers bound the wait with {@link whenReady}.
 *
 * @example
 * ```ts
 * const client = createClient('redis://127.0.0.1:6379');
 * await whenReady(client, 1000);
 * ```
 */
export function createClient(spec: ConnectionSpec, name?: string): Redis {
  if (typeof spec !== 'string' && (spec === null || typeof spec !== 'object')) {
    throw new TypeError('connection must be a redis:// URL or ioredis options');
  }
  const { Redis } = engine().ioredis;
  const extra: RedisOptions = {
    maxRetriesPerRequest: null,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 1000),
    ...(name === undefined ? {} : { connectionName: name }),
  };
  const client =
    typeof spec === 'string' ? new Redis(spec, extra) : new Redis({ ...spec, ...extra, ...pick(spec) });
  const record = client as Redis & { lastError?: Error };
  // Without a listener ioredis prints every failed reconnection; keep the last one for messages.
  client.on('error', (error: Error) => {
    record.lastError = error;
  });
  return client;
}

/** User-given values of the options that createClient also sets (the user wins). */
function pick(spec: RedisOptions): RedisOptions {
  const out: RedisOptions = {};
  if (spec.retryStrategy !== undefined) out.retryStrategy = spec.retryStrategy;
  if (spec.connectionName !== undefined) out.connectionName = spec.connectionName;
  return out;
}

/** `host:port` of a client, for messages. */
export function describeClient(client: Redis): string {
  const { host, port, path } = client.options;
  return path ? String(path) : `${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

/**
 * Resolves once `client` is connected and ready, or rejects with {@link RedisUnavailableError}
 * after `timeout` ms (0 = only if ready now).
 *
 * @example
 * ```ts
 * await whenReady(client, 2000); // throws RedisUnavailableError if Redis is down
 * ```
 */
export function whenReady(client: Redis, timeout: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  const fail = () => {
    const last = lastError(client);
    return new RedisUnavailableError(
      `cannot reach Redis at ${describeClient(client)} within ${timeout} ms` +
        (last ? ` (${last.message})` : '') +
        '; is redis-server running? (connectTimeout sets how long submit waits)',
    );
  };
  if (client.status === 'end' || client.status === 'close') {
    return Promise.reject(
      new RedisUnavailableError(`the Redis connection to ${describeClient(client)} is closed`),
    );
  }
  if (timeout <= 0) return Promise.reject(fail());
  return new Promise((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(fail());
    }, timeout);
    client.once('ready', onReady);
  });
}

/** The last connection error a client created by {@link createClient} saw, for messages. */
export function lastError(client: Redis): Error | undefined {
  return (client as Redis & { lastError?: Error }).lastError;
}

/** Closes a client politely, or at once if Redis does not answer within `timeout` ms. */
export async function closeClient(client: Redis, timeout = 1000): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.quit().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        client.disconnect();
        resolve();
      }, timeout);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * Runs `close` (BullMQ's closes, then {@link closeClient}) and waits for it at most `bound` ms,
 * and not at all when a client is not connected; then disconnects every client still open.
 * BullMQ's close waits for ioredis's `end` event, which ioredis never emits for a client that
 * is between two reconnection attempts: without this bound, closing after Redis died hangs.
 *
 * @example
 * ```ts
 * await closeWithin(() => queue.close(), [client], 1000); // returns within about 1 s, whatever Redis does
 * ```
 */
export async function closeWithin(
  close: () => Promise<unknown>,
  clients: readonly Redis[],
  bound: number,
): Promise<void> {
  const connected = clients.every((client) => client.status === 'ready');
  const closing = close().catch(() => undefined);
  if (connected && bound > 0) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      closing,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, bound);
      }),
    ]);
    clearTimeout(timer);
  }
  for (const client of clients) if (client.status !== 'end') client.disconnect();
}
