/**
 * Redis connections for the distributed executor and worker: one option shape (a `redis://`
 * URL or ioredis options), clients that reconnect forever, and a bounded wait for readiness
 * that turns "Redis is not there" into one clear error instead of a hang.
 * @module
 */
import { Redis, type RedisOptions } from 'ioredis';
import { SpindleError } from '../errors.ts';

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
  const fail = () =>
    new RedisUnavailableError(
      `cannot reach Redis at ${describeClient(client)} within ${timeout} ms` +
        ((client as Redis & { lastError?: Error }).lastError
          ? ` (${(client as Redis & { lastError?: Error }).lastError!.message})`
          : '') +
        '; is redis-server running? (connectTimeout sets how long submit waits)',
    );
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
