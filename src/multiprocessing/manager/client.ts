/**
 * How a proxy reaches its Manager: directly when the server lives in this process (the parent's
 * main thread), else over one Unix-socket connection per thread and manager.
 *
 * An aborted call is not dropped on the client side: the client asks the server to cancel it and
 * waits for the server's answer, so an item a `get` had already taken is delivered rather than
 * lost. A broken or refused connection fails every call with ERR_MANAGER_GONE — never a hang.
 */
import { connect, type Socket } from 'node:net';
import { CancelledError } from '../../errors.ts';
import { abortReason } from '../../futures/wait-options.ts';
import { deserializeError } from '../../wire/error-codec.ts';
import { encodeFrame, FrameReader } from './frames.ts';
import type { ClientMessage, ServerMessage } from './messages.ts';
import { localServers, type ManagerServer, managerGone } from './server.ts';

/** Where a managed object lives. */
export interface ManagedRef {
  address: string;
  token: string;
  obj: number;
}

/** Calls `method` on the managed object `ref`. */
export function callManaged(
  ref: ManagedRef,
  method: string,
  args: unknown[],
  signal?: AbortSignal,
): Promise<unknown> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const local = localServers.get(ref.address);
  if (local !== undefined) return callLocal(local, ref, method, args, signal);
  let connection = connections.get(ref.address);
  if (connection === undefined || connection.closed) {
    connection = new Connection(ref.address, ref.token);
    connections.set(ref.address, connection);
  }
  return connection.call(ref.obj, method, args, signal);
}

/** In the parent: the call runs on the server directly; values are cloned as a socket would. */
async function callLocal(
  server: ManagerServer,
  ref: ManagedRef,
  method: string,
  args: unknown[],
  signal?: AbortSignal,
): Promise<unknown> {
  return structuredClone(await server.callLocal(ref.obj, method, structuredClone(args), signal));
}

const connections = new Map<string, Connection>();

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

class Connection {
  closed = false;
  readonly #socket: Socket;
  readonly #pending = new Map<number, PendingCall>();
  #lastId = 0;

  constructor(
    readonly address: string,
    token: string,
  ) {
    this.#socket = connect(address);
    this.#socket.unref();
    this.#socket.write(encodeFrame({ t: 'hello', token } satisfies ClientMessage));
    const reader = new FrameReader();
    this.#socket.on('data', (chunk) => {
      for (const message of reader.push(chunk) as ServerMessage[]) this.#answer(message);
    });
    this.#socket.on('error', (error) => this.#close(error));
    this.#socket.on('close', () => this.#close());
  }

  call(obj: number, method: string, args: unknown[], signal?: AbortSignal): Promise<unknown> {
    if (this.closed) return Promise.reject(managerGone(this.address));
    const id = ++this.#lastId;
    const frame = encodeFrame({ t: 'call', id, obj, method, args } satisfies ClientMessage);
    return new Promise((resolve, reject) => {
      const onAbort = () => this.#socket.write(encodeFrame({ t: 'cancel', id } satisfies ClientMessage));
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        signal?.removeEventListener('abort', onAbort);
        if (this.#pending.size === 0) this.#socket.unref();
      };
      this.#pending.set(id, {
        resolve: (value) => {
          settle();
          resolve(value);
        },
        reject: (error) => {
          settle();
          reject(signal?.aborted && error instanceof CancelledError ? abortReason(signal) : error);
        },
      });
      // A call in flight keeps the process alive until its answer arrives.
      this.#socket.ref();
      this.#socket.write(frame);
    });
  }

  #answer(message: ServerMessage): void {
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    if (message.t === 'ok') pending.resolve(message.value);
    else pending.reject(deserializeError(message.error));
  }

  #close(cause?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.#socket.destroy();
    const error = managerGone(this.address, cause);
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
