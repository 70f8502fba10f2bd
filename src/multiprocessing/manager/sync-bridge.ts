/**
 * Blocking Manager calls (`lock.acquireSync()`, `queue.getSync()` …) for threads that may block:
 * worker threads and the main thread of a spindle worker process. A thread cannot wait for its own
 * socket while blocked, so a small helper thread relays the frames: the caller writes a request
 * frame, sleeps on a shared word, and the helper posts the answer frame and wakes it.
 *
 * The caller never gives up on its own: timeouts are decided by the Manager (they travel with the
 * call), so an item a `getSync` took is always delivered. If the connection dies, the helper
 * answers with ERR_MANAGER_GONE.
 */
import { deserialize } from 'node:v8';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { SpindleError } from '../../errors.ts';
import { assertMayBlock } from '../../threading/block.ts';
import { deserializeError } from '../../wire/error-codec.ts';
import type { ManagedRef } from './client.ts';
import { encodeFrame } from './frames.ts';
import type { ClientMessage, ServerMessage } from './messages.ts';

/**
 * The helper thread: one socket per manager address, greeted with the token; each request frame is
 * written as is and the next answer frame is posted back, with the shared word set and notified.
 * Plain JavaScript, so it needs no loader in any thread.
 */
const relaySource = `
const { workerData } = require('node:worker_threads');
const { connect } = require('node:net');
const flag = new Int32Array(workerData.flag);
const parentPort = workerData.port;
const sockets = new Map();
function answer(message) {
  parentPort.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
function socketFor(address, hello) {
  let entry = sockets.get(address);
  if (entry && !entry.socket.destroyed) return entry;
  const socket = connect(address);
  entry = { socket, pending: Buffer.alloc(0), waiting: 0 };
  sockets.set(address, entry);
  socket.write(hello);
  socket.on('data', (chunk) => {
    entry.pending = Buffer.concat([entry.pending, chunk]);
    while (entry.pending.length >= 4) {
      const length = entry.pending.readUInt32BE(0);
      if (entry.pending.length < 4 + length) break;
      const frame = entry.pending.subarray(4, 4 + length);
      entry.pending = entry.pending.subarray(4 + length);
      entry.waiting--;
      answer({ frame: Uint8Array.from(frame) });
    }
  });
  const gone = (error) => {
    sockets.delete(address);
    for (; entry.waiting > 0; entry.waiting--) answer({ gone: String(error && error.message || 'closed') });
  };
  socket.on('error', gone);
  socket.on('close', () => gone());
  return entry;
}
parentPort.on('message', ({ address, hello, frame }) => {
  const entry = socketFor(address, hello);
  entry.waiting++;
  entry.socket.write(frame);
});
`;

interface Relay {
  port: MessagePort;
  flag: Int32Array;
}

let relay: Relay | undefined;
let lastId = 0;

function startRelay(): Relay {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  // Answers arrive on a port nobody listens to, so they wait for receiveMessageOnPort.
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(relaySource, {
    eval: true,
    workerData: { flag: flag.buffer, port: port2 },
    transferList: [port2],
  });
  // The relay never keeps the process alive; a blocked caller keeps it alive by blocking.
  worker.unref();
  port1.unref();
  return { port: port1, flag };
}

/**
 * Calls `method` on a managed object and blocks until the Manager answers.
 *
 * @example
 * ```ts
 * callManagedSync(ref, 'get', [timeout], 'ManagedQueue.getSync()', 'await queue.get()');
 * ```
 */
export function callManagedSync(
  ref: ManagedRef,
  method: string,
  args: unknown[],
  what: string,
  asyncForm: string,
): unknown {
  assertMayBlock(what, asyncForm);
  relay ??= startRelay();
  const { flag } = relay;
  const id = ++lastId;
  const frame = encodeFrame({ t: 'call', id, obj: ref.obj, method, args } satisfies ClientMessage);
  const hello = encodeFrame({ t: 'hello', token: ref.token } satisfies ClientMessage);
  Atomics.store(flag, 0, 0);
  relay.port.postMessage({ address: ref.address, hello, frame });
  while (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0);
  const received = receiveMessageOnPort(relay.port) as
    | { message: { frame?: Uint8Array; gone?: string } }
    | undefined;
  const reply = received?.message;
  if (reply?.frame === undefined) {
    throw new SpindleError('ERR_MANAGER_GONE', `the Manager at ${ref.address} is gone (${reply?.gone})`);
  }
  const message = deserialize(reply.frame) as ServerMessage;
  if (message.t === 'ok') return message.value;
  throw deserializeError(message.error);
}
