import { encodeShared, isShareable, toWire } from './shared-codec.ts';

/**
 * Checks, before anything is queued, that values can cross a thread boundary without silent
 * loss, and names the offending argument when they cannot. Structured cloning would drop a class
 * instance's prototype and #private fields without a word; spindle refuses it instead.
 */

const cloneableClasses: Function[] = [
  Date,
  RegExp,
  ArrayBuffer,
  SharedArrayBuffer,
  DataView,
  Boolean,
  Number,
  String,
  Error,
  Blob,
  MessagePort,
];
const TypedArray = Object.getPrototypeOf(Uint8Array) as Function;

/** Set by a walk that met a shared primitive (Lock, Queue, Manager proxy…), which travels as itself. */
let metShared = false;

/** What a value crosses: a thread boundary (shared memory allowed) or a process boundary (not). */
export type Boundary = 'thread' | 'process';

/**
 * Throws a TypeError naming the first value under `value` that cannot be sent to a worker:
 * functions, symbols, class instances (other than the structured-clone built-ins), WeakMaps,
 * Promises… and, across a process boundary, shared memory. `label` names the value in the
 * message, e.g. "argument 2". Returns true when the value holds shared primitives, which must
 * then go through `encodeShared` before sending.
 */
export function assertCloneable(value: unknown, label: string, boundary: Boundary = 'thread'): boolean {
  if (!needsWalk(value)) return false;
  metShared = false;
  walk(value, label, new Set(), boundary === 'process');
  return metShared;
}

/** Whether a value may hold something that cannot be sent: primitives other than symbols never do. */
function needsWalk(value: unknown): boolean {
  const type = typeof value;
  return (type === 'object' && value !== null) || type === 'function' || type === 'symbol';
}

/** Shared memory would arrive in a child process as a disconnected copy: refuse it by name. */
function sharedMemoryError(path: string, what: string): TypeError {
  return new TypeError(
    `${path} is ${what}, and shared memory cannot cross a process boundary (the child would get a ` +
      'disconnected copy); share state with processes through a Manager from spindle/multiprocessing, ' +
      'or use a ThreadPoolExecutor',
  );
}

function walk(value: unknown, path: string, seen: Set<object>, process: boolean): void {
  switch (typeof value) {
    case 'function':
      throw new TypeError(
        `${path} is a function, which cannot be sent to a worker; send data, or a task made with defineTask as a task`,
      );
    case 'symbol':
      throw new TypeError(`${path} is a Symbol, which cannot be sent to a worker`);
    case 'object':
      break;
    default:
      return;
  }
  if (value === null || seen.has(value)) return;
  seen.add(value);
  if (process) {
    if (value instanceof SharedArrayBuffer) throw sharedMemoryError(path, 'a SharedArrayBuffer');
    if (ArrayBuffer.isView(value) && value.buffer instanceof SharedArrayBuffer) {
      throw sharedMemoryError(path, `a ${value.constructor.name} over a SharedArrayBuffer`);
    }
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'object' || typeof item === 'function' || typeof item === 'symbol') {
        walk(item, `${path}[${i}]`, seen, process);
      }
    }
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    for (const key of Object.keys(value))
      walk((value as Record<string, unknown>)[key], `${path}.${key}`, seen, process);
    return;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) {
      walk(k, `${path} (a Map key)`, seen, process);
      // String() throws on a null-prototype object key; such a key is named generically.
      walk(v, `${path}.get(${typeof k === 'object' && k !== null ? '{…}' : String(k)})`, seen, process);
    }
    return;
  }
  if (value instanceof Set) {
    for (const item of value) walk(item, `${path} (a Set member)`, seen, process);
    return;
  }
  if (value instanceof TypedArray) return;
  if (isShareable(value)) {
    // Thread primitives wrap shared memory; Manager proxies hold none and may cross processes.
    if (process && value[toWire]().buffers.length > 0) {
      throw sharedMemoryError(path, `a ${value.constructor.name} over shared memory`);
    }
    metShared = true;
    return;
  }
  for (const cls of cloneableClasses) if (value instanceof cls) return;
  const className = (proto?.constructor as Function | undefined)?.name || 'an unnamed class';
  if (process) {
    // A shared primitive (Lock, Queue, Value…) wraps shared memory: name the real problem.
    for (const inner of Object.values(value)) {
      if (
        inner instanceof SharedArrayBuffer ||
        (ArrayBuffer.isView(inner) && inner.buffer instanceof SharedArrayBuffer)
      ) {
        throw sharedMemoryError(path, `a ${className} over shared memory`);
      }
    }
  }
  throw new TypeError(
    `${path} is an instance of ${className}, which cannot be sent to a worker without losing its prototype, ` +
      'methods and #private fields; send a plain object (and rebuild the instance inside the task)',
  );
}

/**
 * Checks every value (see {@link assertCloneable}) and replaces shared primitives with their
 * wire records. `shared` tells the worker whether it has anything to revive.
 */
export function prepareValues(
  values: unknown[],
  label: (index: number) => string,
  boundary: Boundary,
): { values: unknown[]; shared: boolean } {
  let shared = false;
  for (let i = 0; i < values.length; i++) {
    // A label is a new string: made only for the values that are walked.
    if (needsWalk(values[i])) shared = assertCloneable(values[i], label(i), boundary) || shared;
  }
  return { values: shared ? (encodeShared(values) as unknown[]) : values, shared };
}
