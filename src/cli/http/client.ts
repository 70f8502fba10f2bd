/**
 * The HTTP client of the network tools, on node:http (llhttp in C++, nothing to import): one
 * keep-alive Agent per protocol whose pools keep at most `perHost` sockets per origin, and
 * `timeoutMs` as the limit on any silence — connecting, waiting for headers, or a body that stops.
 * Chosen over undici by measurement (bench/http-engines.ts, bench/NOTES.md): importing undici
 * alone costs more than a whole small download. Plain-http connections read 1 MiB at a time into
 * one reused buffer (large-reads.ts).
 *
 * Every listener a response needs is attached before the promise resolves, and every error of
 * the request or its socket lands on the response or the promise: nothing can surface as an
 * uncaught exception, whatever the server does.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type * as https from 'node:https';
import { SpindleError } from '../../errors.ts';
import { largeReads } from './large-reads.ts';

/** Settings of {@link HttpClient}. */
export interface ClientOptions {
  perHost: number;
  timeoutMs: number;
  /** Headers sent with every request (a request's own headers win). */
  headers?: Record<string, string>;
}

/** One request of {@link HttpClient.request}. */
export interface RequestOptions {
  method: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal: AbortSignal;
}

/** A response whose body has not been read yet. */
export interface Response {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
}

/** Nothing arrived for `timeoutMs`: no connection, no headers, or a body gone silent. */
export class HttpTimeoutError extends SpindleError {
  override name = 'HttpTimeoutError' as const;
  constructor(ms: number) {
    super('ERR_HTTP_TIMEOUT', `nothing received for ${ms / 1000} s`);
  }
}

/**
 * The network tools' HTTP client; `close()` it when the run is over.
 *
 * @example
 * const client = new HttpClient({ perHost: 4, timeoutMs: 30_000 });
 * const { statusCode, body } = await client.request(new URL('http://127.0.0.1:8080/'), {
 *   method: 'GET',
 *   signal: AbortSignal.timeout(60_000),
 * });
 * await drain(body);
 * client.close();
 */
export class HttpClient {
  readonly #options: ClientOptions;
  readonly #http: Agent;
  #https: https.Agent | undefined;

  constructor(options: ClientOptions) {
    this.#options = options;
    this.#http = new Agent({
      keepAlive: true,
      maxSockets: options.perHost,
      scheduling: 'lifo',
      // Passed on to net.connect by the Agent (its options go to every connection it makes).
      onread: largeReads(),
    });
  }

  /** Sends one request; resolves at the response's headers (the caller reads or dumps the body). */
  async request(url: URL, options: RequestOptions): Promise<Response> {
    const secure = url.protocol === 'https:';
    // node:https (and TLS) is loaded only when an https URL comes up.
    const tls = secure ? await import('node:https') : undefined;
    if (tls !== undefined && this.#https === undefined) {
      this.#https = new tls.Agent({ keepAlive: true, maxSockets: this.#options.perHost, scheduling: 'lifo' });
    }
    const send = tls?.request ?? httpRequest;
    const { timeoutMs } = this.#options;
    return new Promise<Response>((resolve, reject) => {
      let response: IncomingMessage | undefined;
      const req = send(url, {
        method: options.method,
        headers: { ...this.#options.headers, ...options.headers },
        agent: secure ? this.#https : this.#http,
        signal: options.signal,
      });
      // After the response has arrived its body carries the errors; the request keeps a listener
      // so that a late socket error is never an uncaught exception.
      req.on('error', (error) => {
        if (response === undefined) reject(error);
        else response.destroy(error);
      });
      req.setTimeout(timeoutMs, () => {
        const error = new HttpTimeoutError(timeoutMs);
        response?.destroy(error);
        req.destroy(error);
      });
      req.on('response', (res: IncomingMessage) => {
        response = res;
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: res });
      });
      req.end();
    });
  }

  /** Closes idle connections; call when every response has been read. */
  close(): void {
    this.#http.destroy();
    this.#https?.destroy();
  }
}

/** Reads a body to its end and drops it (so its connection can be reused); rejects on its error. */
export function drain(body: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (body.readableEnded) return resolve();
    if (body.destroyed) return reject(body.errored ?? prematureClose());
    body.on('error', reject);
    body.once('end', resolve);
    body.once('close', () => (body.readableEnded ? resolve() : reject(prematureClose())));
    body.resume();
  });
}

/** Abandons a body without reading it (its connection is closed, never reused). */
export function discard(body: IncomingMessage): void {
  body.on('error', () => {});
  body.destroy();
}

/** The error of a body that closed before its end. */
export function prematureClose(): Error {
  return Object.assign(new Error('premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}
