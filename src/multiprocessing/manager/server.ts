/**
 * The Manager's server: it lives in the parent's main thread, owns every managed object, and
 * answers calls from clients over a Unix socket (one connection per client process). A client
 * proves itself with the manager's random token before anything else is read.
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, SpindleError } from '../../errors.ts';
import { abortReason } from '../../futures/wait-options.ts';
import { serializeError } from '../../wire/error-codec.ts';
import { encodeFrame, FrameReader } from './frames.ts';
import type { ClientMessage, ServerMessage } from './messages.ts';
import type { CallContext, Served } from './served.ts';

/** Every server in this process, by address, so proxies revived here call it directly. */
export const localServers = new Map<string, ManagerServer>();

/**
 * The error every call to a Manager that was shut down (or whose process exited) fails with.
 *
 * @example
 * ```ts
 * throw managerGone('/tmp/spindle-manager-1-ab.sock');
 * ```
 */
export function managerGone(address: string, cause?: unknown): SpindleError {
  return new SpindleError(
    'ERR_MANAGER_GONE',
    `the Manager at ${address} is gone (it was shut down, or its process exited)`,
    cause === undefined ? undefined : { cause },
  );
}

export class ManagerServer {
  readonly token = randomBytes(16).toString('hex');
  readonly address = join(tmpdir(), `spindle-manager-${process.pid}-${randomBytes(6).toString('hex')}.sock`);
  readonly #objects = new Map<number, Served>();
  readonly #sockets = new Set<Socket>();
  /** How to end each call this process makes directly (client 0), run at close. */
  readonly #localCalls = new Set<(error: SpindleError) => void>();
  #closed = false;
  readonly #server: Server;
  #lastObject = 0;
  #lastClient = 0;
  readonly #removeSocketFile = () => {
    try {
      unlinkSync(this.address);
    } catch {}
  };

  private constructor() {
    this.#server = createServer((socket) => this.#accept(socket));
  }

  /** Starts a server listening on a fresh socket path. */
  static async start(): Promise<ManagerServer> {
    const server = new ManagerServer();
    await new Promise<void>((resolve, reject) => {
      server.#server.once('error', reject);
      server.#server.listen(server.address, () => resolve());
    });
    // The server never keeps the parent alive; the socket file goes with the process.
    server.#server.unref();
    process.once('exit', server.#removeSocketFile);
    localServers.set(server.address, server);
    return server;
  }

  /** Adds an object; returns its id. */
  register(served: Served): number {
    this.#lastObject++;
    this.#objects.set(this.#lastObject, served);
    return this.#lastObject;
  }

  /** A new client number (0 is the parent itself). */
  newClient(): number {
    return ++this.#lastClient;
  }

  /** Runs one call. */
  async dispatch(object: number, method: string, args: unknown[], ctx: CallContext): Promise<unknown> {
    const served = this.#objects.get(object);
    if (served === undefined) throw new TypeError(`the Manager has no object ${object}`);
    return served.call(method, args, ctx);
  }

  /**
   * A call made by this process itself (client 0). `signal` cancels it as a client's cancel
   * frame would (the object's answer still decides); `close()` fails it with ERR_MANAGER_GONE at
   * once, whatever the object is waiting for.
   */
  callLocal(object: number, method: string, args: unknown[], signal?: AbortSignal): Promise<unknown> {
    if (this.#closed) return Promise.reject(managerGone(this.address));
    const controller = new AbortController();
    const onAbort = () => controller.abort(abortReason(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    return new Promise((resolve, reject) => {
      const end = (error: SpindleError) => {
        controller.abort(error);
        reject(error);
      };
      this.#localCalls.add(end);
      this.dispatch(object, method, args, { client: 0, signal: controller.signal })
        .then(resolve, reject)
        .finally(() => {
          this.#localCalls.delete(end);
          signal?.removeEventListener('abort', onAbort);
        });
    });
  }

  /** Stops serving: every pending call, here or in a client, fails with ERR_MANAGER_GONE. */
  async close(): Promise<void> {
    this.#closed = true;
    localServers.delete(this.address);
    const gone = managerGone(this.address);
    for (const end of this.#localCalls) end(gone);
    this.#localCalls.clear();
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    process.removeListener('exit', this.#removeSocketFile);
    this.#removeSocketFile();
  }

  /** A client left: locks it held become owner-dead. */
  clientGone(client: number): void {
    for (const served of this.#objects.values()) served.clientGone?.(client);
  }

  #accept(socket: Socket): void {
    socket.unref();
    this.#sockets.add(socket);
    const client = this.newClient();
    const reader = new FrameReader();
    const pending = new Map<number, AbortController>();
    let greeted = false;
    const send = (message: ServerMessage) => {
      if (!socket.destroyed) socket.write(encodeFrame(message));
    };
    socket.on('data', (chunk) => {
      let messages: unknown[];
      try {
        messages = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const message of messages as ClientMessage[]) {
        if (!greeted) {
          greeted = message.t === 'hello' && message.token === this.token;
          if (!greeted) socket.destroy();
          continue;
        }
        if (message.t === 'cancel') {
          pending.get(message.id)?.abort(new CancelledError('the client cancelled the call'));
          continue;
        }
        if (message.t !== 'call') continue;
        const controller = new AbortController();
        pending.set(message.id, controller);
        const ctx = { client, signal: controller.signal };
        this.dispatch(message.obj, message.method, message.args, ctx)
          .then(
            (value) => replyOk(send, message.id, value),
            (error) => send({ t: 'err', id: message.id, error: serializeError(error) }),
          )
          .finally(() => pending.delete(message.id));
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#sockets.delete(socket);
      for (const controller of pending.values())
        controller.abort(new CancelledError('the client disconnected'));
      this.clientGone(client);
    });
  }
}

/** Sends a result, or the reason it cannot be sent (a value V8 cannot serialise). */
function replyOk(send: (m: ServerMessage) => void, id: number, value: unknown): void {
  try {
    send({ t: 'ok', id, value });
  } catch (error) {
    send({ t: 'err', id, error: serializeError(error) });
  }
}
