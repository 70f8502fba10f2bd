import { types } from 'node:util';

/**
 * Writes the small, plain values of a batch (numbers, strings, booleans, null, undefined, and
 * arrays and plain objects of them) straight into shared memory, and reads them back, so that
 * the common call and result never pay for a structured clone and a message. The result is the
 * value structured cloning would give; anything whose clone could differ — a class instance, a
 * Map, a typed array, a sparse array, a Proxy, an object met twice (clone keeps identity), a
 * string over {@link MAX_STRING} — is refused (`encode` returns -1), and the caller sends the
 * batch by postMessage instead.
 *
 * Values are laid out as 32-bit words from a given word index: a tag, then the payload. Doubles
 * sit on an even word (8-byte aligned), strings are UTF-16 code units two per word (lone
 * surrogates survive, as they do in a clone).
 */
export interface RingViews {
  i32: Int32Array;
  f64: Float64Array;
  u16: Uint16Array;
}

/** Longest string written into shared memory; longer ones go by postMessage. */
export const MAX_STRING = 4096;
/** Deepest nesting written into shared memory. */
const MAX_DEPTH = 16;

const UNDEFINED = 0;
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
const INT = 4;
const DOUBLE = 5;
const STRING = 6;
const ARRAY = 7;
const OBJECT = 8;

/** Objects already written in the current encode (a clone would share them; we refuse instead). */
const seen: object[] = [];

/**
 * Writes `value` at word `at`, using no word at or past `end`. Returns the next free word, or -1
 * if the value cannot (or should not) be written there.
 */
export function encode(views: RingViews, value: unknown, at: number, end: number): number {
  try {
    return write(views, value, at, end, 0);
  } catch {
    return -1; // a getter threw: postMessage will meet the same error and report it
  } finally {
    seen.length = 0;
  }
}

function write(views: RingViews, value: unknown, at: number, end: number, depth: number): number {
  if (at >= end) return -1;
  const { i32 } = views;
  switch (typeof value) {
    case 'number':
      if ((value | 0) === value && !Object.is(value, -0)) {
        if (at + 2 > end) return -1;
        i32[at] = INT;
        i32[at + 1] = value;
        return at + 2;
      } else {
        const slot = (at + 2) & ~1; // the first even word after the tag
        if (slot + 2 > end) return -1;
        i32[at] = DOUBLE;
        views.f64[slot >> 1] = value;
        return slot + 2;
      }
    case 'string':
      return writeString(views, value, at, end, STRING);
    case 'boolean':
      i32[at] = value ? TRUE : FALSE;
      return at + 1;
    case 'undefined':
      i32[at] = UNDEFINED;
      return at + 1;
    case 'object':
      if (value === null) {
        i32[at] = NULL;
        return at + 1;
      }
      if (depth === MAX_DEPTH || seen.includes(value) || types.isProxy(value)) return -1;
      seen.push(value);
      if (Array.isArray(value)) return writeArray(views, value, at, end, depth);
      return Object.getPrototypeOf(value) === Object.prototype
        ? writeObject(views, value, at, end, depth)
        : -1;
    default:
      return -1; // bigint, symbol, function
  }
}

function writeString(views: RingViews, value: string, at: number, end: number, tag: number): number {
  const n = value.length;
  const words = (n + 1) >> 1;
  if (n > MAX_STRING || at + 2 + words > end) return -1;
  views.i32[at] = tag;
  views.i32[at + 1] = n;
  const { u16 } = views;
  const base = (at + 2) * 2;
  for (let i = 0; i < n; i++) u16[base + i] = value.charCodeAt(i);
  return at + 2 + words;
}

function writeArray(views: RingViews, value: unknown[], at: number, end: number, depth: number): number {
  // A clone keeps holes and non-index properties; such arrays go by postMessage.
  if (Object.getPrototypeOf(value) !== Array.prototype || Object.keys(value).length !== value.length)
    return -1;
  if (at + 2 > end) return -1;
  views.i32[at] = ARRAY;
  views.i32[at + 1] = value.length;
  let next = at + 2;
  for (const item of value) {
    next = write(views, item, next, end, depth + 1);
    if (next < 0) return -1;
  }
  return next;
}

function writeObject(views: RingViews, value: object, at: number, end: number, depth: number): number {
  const keys = Object.keys(value);
  if (at + 2 > end) return -1;
  views.i32[at] = OBJECT;
  views.i32[at + 1] = keys.length;
  let next = at + 2;
  for (const key of keys) {
    next = writeString(views, key, next, end, STRING);
    if (next < 0) return -1;
    next = write(views, (value as Record<string, unknown>)[key], next, end, depth + 1);
    if (next < 0) return -1;
  }
  return next;
}

/** Reads the value written at word `at`; `cursor[0]` is set to the next word. */
export function decode(views: RingViews, at: number, cursor: [number]): unknown {
  const { i32 } = views;
  switch (i32[at]) {
    case UNDEFINED:
      cursor[0] = at + 1;
      return undefined;
    case NULL:
      cursor[0] = at + 1;
      return null;
    case FALSE:
      cursor[0] = at + 1;
      return false;
    case TRUE:
      cursor[0] = at + 1;
      return true;
    case INT:
      cursor[0] = at + 2;
      return i32[at + 1];
    case DOUBLE: {
      const slot = (at + 2) & ~1;
      cursor[0] = slot + 2;
      return views.f64[slot >> 1];
    }
    case STRING:
      return readString(views, at, cursor);
    case ARRAY: {
      const n = i32[at + 1]!;
      const array = new Array<unknown>(n);
      cursor[0] = at + 2;
      for (let i = 0; i < n; i++) array[i] = decode(views, cursor[0], cursor);
      return array;
    }
    case OBJECT: {
      const n = i32[at + 1]!;
      const object: Record<string, unknown> = {};
      cursor[0] = at + 2;
      for (let i = 0; i < n; i++) {
        const key = readString(views, cursor[0], cursor);
        const item = decode(views, cursor[0], cursor);
        // An own "__proto__" (JSON.parse makes them) stays a property, as in a clone.
        if (key === '__proto__')
          Object.defineProperty(object, key, {
            value: item,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else object[key] = item;
      }
      return object;
    }
    default:
      throw new Error(`spindle wire: unknown value tag ${i32[at]} in shared memory`);
  }
}

function readString(views: RingViews, at: number, cursor: [number]): string {
  const n = views.i32[at + 1]!;
  const base = (at + 2) * 2;
  cursor[0] = at + 2 + ((n + 1) >> 1);
  // Short strings char by char; longer ones in slices (fromCharCode takes an argument list).
  if (n <= 64) {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(views.u16[base + i]!);
    return s;
  }
  let s = '';
  for (let i = 0; i < n; i += 1024) {
    s += String.fromCharCode.apply(null, views.u16.subarray(base + i, base + Math.min(n, i + 1024)) as never);
  }
  return s;
}
