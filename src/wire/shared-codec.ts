/**
 * How shared-memory primitives (Lock, Queue, Value…) travel: as a small tagged record holding
 * their SharedArrayBuffers, revived on the other side as the *same* primitive over the same
 * memory. One registry, one encoder, one reviver — every boundary (task arguments, Thread
 * arguments, queue items) goes through here.
 *
 * The registry and the revive cache live on `globalThis` so that two copies of spindle loaded in
 * one thread (src/ and dist/, say) still agree on what a Lock is.
 */

/** The property naming a wire record's kind; nothing else in user data uses it. */
export const sharedKindKey = '$spindle.shared';

/** A shared primitive on the wire: its kind, a process-unique id, its buffers and extra fields. */
export interface SharedWire {
  [sharedKindKey]: string;
  /**
   * Identifies the primitive across threads, so reviving it twice gives one object. 0: the
   * reviver keeps identity itself (Manager proxies, whose ids come from another process).
   */
  id: number;
  buffers: SharedArrayBuffer[];
  /** Small cloneable extras (a Value's type, a Barrier's action…). */
  meta?: unknown;
}

/** Implemented by every shared primitive: describes itself for the wire. */
export const toWire: unique symbol = Symbol.for('spindle.shared.toWire') as never;

/** A value that can describe itself as a {@link SharedWire}. */
export interface Shareable {
  [toWire](): SharedWire;
}

type Reviver = (wire: SharedWire) => object;

interface SharedState {
  revivers: Map<string, Reviver>;
  /** id → the live primitive in this thread, so the same lock revived twice is one object. */
  live: Map<number, WeakRef<object>>;
  forget: FinalizationRegistry<number>;
}

const stateKey = Symbol.for('spindle.shared.state');

function state(): SharedState {
  const holder = globalThis as unknown as Record<symbol, SharedState | undefined>;
  let found = holder[stateKey];
  if (found === undefined) {
    const live = new Map<number, WeakRef<object>>();
    found = {
      revivers: new Map(),
      live,
      forget: new FinalizationRegistry((id: number) => {
        if (live.get(id)?.deref() === undefined) live.delete(id);
      }),
    };
    holder[stateKey] = found;
  }
  return found;
}

/**
 * Registers how to rebuild a primitive of `kind` from its wire record. Called once per class,
 * at module load.
 */
export function registerSharedKind(kind: string, revive: Reviver): void {
  state().revivers.set(kind, revive);
}

/** Records a primitive created in this thread, so a round trip back here returns it. */
export function rememberShared(id: number, primitive: object): void {
  const { live, forget } = state();
  live.set(id, new WeakRef(primitive));
  forget.register(primitive, id);
}

/** True for a value that is a shared primitive. */
export function isShareable(value: unknown): value is Shareable {
  return typeof value === 'object' && value !== null && toWire in value;
}

/** True for a wire record. */
export function isSharedWire(value: unknown): value is SharedWire {
  return typeof value === 'object' && value !== null && sharedKindKey in value;
}

/** Rebuilds (or finds) the primitive a wire record describes. */
export function reviveWire(wire: SharedWire): object {
  const { revivers, live } = state();
  const existing = wire.id === 0 ? undefined : live.get(wire.id)?.deref();
  if (existing !== undefined) return existing;
  const revive = revivers.get(wire[sharedKindKey]);
  if (revive === undefined) {
    throw new TypeError(
      `cannot revive a shared ${wire[sharedKindKey]}: its class is not loaded in this thread`,
    );
  }
  const primitive = revive(wire);
  if (wire.id !== 0) rememberShared(wire.id, primitive);
  return primitive;
}

let lastLocalId = 0;

/**
 * A new primitive id, unique in the process: the thread id in the high bits, a counter below
 * (both exact in a double).
 */
export function newSharedId(threadId: number): number {
  lastLocalId++;
  return threadId * 2 ** 26 + lastLocalId;
}

/**
 * Replaces shared primitives under `value` with wire records (copying only the containers on
 * the way to one); anything else is returned as is. Plain arrays, plain objects, Maps and Sets
 * are searched.
 */
export function encodeShared(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isShareable(value)) return value[toWire]();
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const encoded = encodeShared(item);
      if (encoded !== item) {
        copy ??= value.slice();
        copy[i] = encoded;
      }
    }
    return copy ?? value;
  }
  if (value instanceof Map) return mapEntries(value, encodeShared);
  if (value instanceof Set) return mapMembers(value, encodeShared);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const encoded = encodeShared(item);
    if (encoded !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = encoded;
    }
  }
  return copy ?? value;
}

/** The inverse of {@link encodeShared}: wire records under `value` become live primitives. */
export function reviveShared(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isSharedWire(value)) return reviveWire(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveShared(value[i]);
    return value;
  }
  if (value instanceof Map) return mapEntries(value, reviveShared);
  if (value instanceof Set) return mapMembers(value, reviveShared);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  for (const key of Object.keys(value)) {
    (value as Record<string, unknown>)[key] = reviveShared((value as Record<string, unknown>)[key]);
  }
  return value;
}

function mapEntries(map: Map<unknown, unknown>, convert: (v: unknown) => unknown): Map<unknown, unknown> {
  let changed = false;
  const entries: [unknown, unknown][] = [];
  for (const [k, v] of map) {
    const ck = convert(k);
    const cv = convert(v);
    changed ||= ck !== k || cv !== v;
    entries.push([ck, cv]);
  }
  return changed ? new Map(entries) : map;
}

function mapMembers(set: Set<unknown>, convert: (v: unknown) => unknown): Set<unknown> {
  let changed = false;
  const members: unknown[] = [];
  for (const v of set) {
    const cv = convert(v);
    changed ||= cv !== v;
    members.push(cv);
  }
  return changed ? new Set(members) : set;
}
