/**
 * How a queue item is stored as the value bytes of a record. The first byte says how:
 * `node:v8`'s serialisation always starts with its version tag 0xFF, so a record whose value
 * starts with 0xFF holds exactly `serialize(item)` (the general case, byte for byte), and any
 * other first byte is one of the tags below — common items written straight into the ring with
 * no serialiser and read back with no deserialiser:
 *
 * | tag | item | bytes after the tag |
 * |---|---|---|
 * | T_UNDEFINED, T_NULL, T_FALSE, T_TRUE | `undefined`, `null`, `false`, `true` | none |
 * | T_NUMBER | any number (NaN, -0 and ±Infinity included) | float64, little-endian |
 * | T_BIGINT | a bigint in [-2^63, 2^63) | int64, little-endian |
 * | T_STRING | a well-formed string (no lone surrogate, which UTF-8 cannot carry) | its UTF-8 |
 * | T_JSON | a plain tree (see isJsonTree) | the UTF-8 of its JSON |
 *
 * Everything else (Map, Date, typed arrays, shared or cyclic references, -0, NaN or undefined
 * inside objects, larger bigints, strings with lone surrogates) goes through v8. Class instances
 * are refused before that by the queue, as task arguments are (v8 would drop their prototype).
 */
import { deserialize, serialize } from 'node:v8';
import { isJsonTree } from '../wire/json-tree.ts';

export const T_UNDEFINED = 1;
export const T_NULL = 2;
export const T_FALSE = 3;
export const T_TRUE = 4;
export const T_NUMBER = 5;
export const T_BIGINT = 6;
export const T_STRING = 7;
export const T_JSON = 8;
/** The first byte of every `node:v8` serialisation (its version tag). */
export const T_V8 = 0xff;

/** String.prototype.isWellFormed (ES2024, in Node 20), beyond this project's `lib`. */
type WellFormedCheck = string & { isWellFormed(): boolean };

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

/**
 * An item ready to be written: its tag, what to write after it, and the value bytes it takes.
 * `payload` is the number, bigint or string itself, or the v8 bytes for T_V8.
 */
export interface EncodedItem {
  tag: number;
  payload: unknown;
  valueBytes: number;
}

/**
 * Chooses the encoding of `item` and measures it (serialising it only for T_V8). `beforeV8`
 * runs first when the item goes through v8, to refuse what it must not hold.
 */
export function encodeItem(item: unknown, beforeV8?: (item: unknown) => void): EncodedItem {
  switch (typeof item) {
    case 'number':
      return { tag: T_NUMBER, payload: item, valueBytes: 9 };
    case 'string':
      if ((item as WellFormedCheck).isWellFormed()) {
        return { tag: T_STRING, payload: item, valueBytes: 1 + Buffer.byteLength(item, 'utf8') };
      }
      break;
    case 'boolean':
      return { tag: item ? T_TRUE : T_FALSE, payload: undefined, valueBytes: 1 };
    case 'undefined':
      return { tag: T_UNDEFINED, payload: undefined, valueBytes: 1 };
    case 'bigint':
      if (item >= MIN_INT64 && item <= MAX_INT64) return { tag: T_BIGINT, payload: item, valueBytes: 9 };
      break;
    case 'object':
      if (item === null) return { tag: T_NULL, payload: undefined, valueBytes: 1 };
      if (isJsonTree(item)) {
        const json = JSON.stringify(item);
        return { tag: T_JSON, payload: json, valueBytes: 1 + Buffer.byteLength(json, 'utf8') };
      }
      break;
  }
  beforeV8?.(item);
  const bytes = serialize(item);
  return { tag: T_V8, payload: bytes, valueBytes: bytes.length };
}

/** Views of one ring buffer, made once per queue object. */
export interface RingViews {
  bytes: Uint8Array;
  view: DataView;
  buffer: Buffer;
}

/** The views of `data` that writeItem and readItem use. */
export function ringViews(data: SharedArrayBuffer): RingViews {
  return { bytes: new Uint8Array(data), view: new DataView(data), buffer: Buffer.from(data) };
}

/** Writes `item`'s value bytes at `at` (there are `item.valueBytes` of room). */
export function writeItem(v: RingViews, at: number, item: EncodedItem): void {
  const tag = item.tag;
  if (tag === T_V8) {
    v.bytes.set(item.payload as Uint8Array, at);
    return;
  }
  v.bytes[at] = tag;
  if (tag === T_NUMBER) v.view.setFloat64(at + 1, item.payload as number, true);
  else if (tag === T_STRING || tag === T_JSON)
    v.buffer.write(item.payload as string, at + 1, item.valueBytes - 1, 'utf8');
  else if (tag === T_BIGINT) v.view.setBigInt64(at + 1, item.payload as bigint, true);
}

/**
 * Reads the item whose `length` value bytes start at `at`. Tagged items come back revived; a
 * T_V8 item comes back as a private copy of its bytes, for {@link reviveItem} to deserialise
 * once the queue's guard is free. Every tag has this one decode path.
 */
export function readItem(v: RingViews, at: number, length: number): unknown {
  switch (v.bytes[at]) {
    case T_NUMBER:
      return v.view.getFloat64(at + 1, true);
    case T_STRING:
      return v.buffer.toString('utf8', at + 1, at + length);
    case T_NULL:
      return null;
    case T_UNDEFINED:
      return undefined;
    case T_TRUE:
      return true;
    case T_FALSE:
      return false;
    case T_BIGINT:
      return v.view.getBigInt64(at + 1, true);
    case T_JSON:
      return JSON.parse(v.buffer.toString('utf8', at + 1, at + length));
    case T_V8:
      return v.bytes.slice(at, at + length);
    default:
      throw new Error(`corrupt queue record: unknown item tag ${v.bytes[at]}`);
  }
}

/** The item itself from what readItem returned: the v8 bytes deserialised, anything else as is. */
export function reviveItem(read: unknown): unknown {
  return read instanceof Uint8Array ? deserialize(read) : read;
}
