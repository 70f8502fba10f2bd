/**
 * Where each end of each {@link Pipe} lives, and how a message reaches it. Pipes ride on the IPC
 * channels that already join a parent to its children: an end is either here (a Connection in
 * this process), in one of this process's children (it was passed to a `Process`), or elsewhere —
 * then the message goes up to this process's parent, which routes it on. So a pipe works between
 * a parent and a child, and between two children of the same parent.
 */

/** Key of IPC messages that carry pipe traffic. */
export const PIPE_MESSAGE = 'spindle:pipe';

export type PipeEvent = 'data' | 'close';

/** One pipe message on an IPC channel. */
export interface PipeEnvelope {
  [PIPE_MESSAGE]: [key: string, event: PipeEvent, payload: unknown];
}

/** A pipe end living in this process. */
export interface LocalEnd {
  deliver(event: PipeEvent, payload: unknown): void;
}

/** A child's IPC channel as the router sees it. */
export interface ChildLink {
  send(envelope: PipeEnvelope): void;
}

const local = new Map<string, LocalEnd>();
const remote = new Map<string, ChildLink>();
let pendingToParent = 0;
let onDrained: (() => void) | undefined;

/**
 * Sends `event` to the end `key`, wherever it lives. Messages for an end that is gone are
 * dropped. `copy`: the payload is the sender's own object, so a local delivery gets a clone (as
 * a process boundary would give); one that arrived over IPC is already a copy.
 */
export function route(key: string, event: PipeEvent, payload: unknown, copy = false): void {
  const here = local.get(key);
  if (here !== undefined) {
    here.deliver(
      event,
      copy && typeof payload === 'object' && payload !== null ? structuredClone(payload) : payload,
    );
    return;
  }
  const envelope: PipeEnvelope = { [PIPE_MESSAGE]: [key, event, payload] };
  const child = remote.get(key);
  if (child !== undefined) child.send(envelope);
  else if (process.send !== undefined && process.connected) {
    pendingToParent++;
    process.send(envelope, undefined, {}, () => {
      if (--pendingToParent === 0) onDrained?.();
    });
  }
}

/** True for an IPC message that is pipe traffic. */
export function isPipeEnvelope(message: unknown): message is PipeEnvelope {
  return typeof message === 'object' && message !== null && PIPE_MESSAGE in message;
}

/** Routes a pipe message that arrived on an IPC channel. */
export function receive(envelope: PipeEnvelope): void {
  const [key, event, payload] = envelope[PIPE_MESSAGE];
  route(key, event, payload);
}

export function attachLocal(key: string, end: LocalEnd): void {
  local.set(key, end);
}

export function detachLocal(key: string): void {
  local.delete(key);
}

/** The end `key` now lives in the child behind `link`. */
export function moveToChild(key: string, link: ChildLink): void {
  local.delete(key);
  remote.set(key, link);
}

/** A child exited: the ends it held are closed, which their peers see as end-of-file. */
export function childGone(link: ChildLink): void {
  for (const [key, at] of remote) {
    if (at !== link) continue;
    remote.delete(key);
    route(peerKey(key), 'close', undefined);
  }
}

/** The key of the other end of the same pipe. */
export function peerKey(key: string): string {
  return key.endsWith('/0') ? `${key.slice(0, -1)}1` : `${key.slice(0, -1)}0`;
}

/** Resolves once every pipe message sent up to the parent has been written (a child waits before exiting). */
export function drained(): Promise<void> {
  if (pendingToParent === 0) return Promise.resolve();
  return new Promise((resolve) => {
    onDrained = resolve;
  });
}
