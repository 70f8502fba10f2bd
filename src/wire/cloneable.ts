import { isShareable } from './shared-codec.ts';

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

/** Set by a walk that met a shared primitive (Lock, Queue, Value…), which travels as itself. */
let metShared = false;

/**
 * Throws a TypeError naming the first value under `value` that cannot be sent to a worker:
 * functions, symbols, class instances (other than the structured-clone built-ins), WeakMaps,
 * Promises… `label` names the value in the message, e.g. "argument 2". Returns true when the
 * value holds shared primitives, which must then go through `encodeShared` before sending.
 */
export function assertCloneable(value: unknown, label: string): boolean {
  const type = typeof value;
  if (type !== 'object' && type !== 'function' && type !== 'symbol') return false;
  metShared = false;
  walk(value, label, new Set());
  return metShared;
}

function walk(value: unknown, path: string, seen: Set<object>): void {
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
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'object' || typeof item === 'function' || typeof item === 'symbol') {
        walk(item, `${path}[${i}]`, seen);
      }
    }
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    for (const key of Object.keys(value))
      walk((value as Record<string, unknown>)[key], `${path}.${key}`, seen);
    return;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) {
      walk(k, `${path} (a Map key)`, seen);
      walk(v, `${path}.get(${String(k)})`, seen);
    }
    return;
  }
  if (value instanceof Set) {
    for (const item of value) walk(item, `${path} (a Set member)`, seen);
    return;
  }
  if (value instanceof TypedArray) return;
  if (isShareable(value)) {
    metShared = true;
    return;
  }
  for (const cls of cloneableClasses) if (value instanceof cls) return;
  const className = (proto?.constructor as Function | undefined)?.name || 'an unnamed class';
  throw new TypeError(
    `${path} is an instance of ${className}, which cannot be sent to a worker without losing its prototype, ` +
      'methods and #private fields; send a plain object (and rebuild the instance inside the task)',
  );
}
