/**
 * PriorityQueue keys. Python compares whole items; spindle orders by a key it can compare inside
 * shared memory without reviving items: the item itself when it is a number, bigint or string,
 * or the first element of an array item (Python's `(priority, data)` tuple). Equal keys leave in
 * arrival order. Keys are stored in the record as a tag byte plus a float64, the UTF-16 code
 * units of a string, or the decimal digits of a bigint.
 */
import { KEY_NUMERIC, KEY_STRING } from './layout.ts';

export type PriorityKey = number | bigint | string;

const TAG_NUMBER = 0;
const TAG_BIGINT = 1;
const TAG_STRING = 2;

/** The key of a PriorityQueue item; TypeError when it has none. */
export function priorityKey(item: unknown): PriorityKey {
  const key = Array.isArray(item) ? item[0] : item;
  if (typeof key === 'number') {
    if (Number.isNaN(key)) throw new TypeError('a PriorityQueue key must not be NaN: NaN has no order');
    return key;
  }
  if (typeof key === 'bigint' || typeof key === 'string') return key;
  throw new TypeError(
    'PriorityQueue items must be a number, bigint or string, or an array whose first element is one ' +
      '(like Python’s (priority, data) tuples)',
  );
}

/** KEY_NUMERIC or KEY_STRING: numbers and bigints compare with each other, strings with strings. */
export function keyClass(key: PriorityKey): number {
  return typeof key === 'string' ? KEY_STRING : KEY_NUMERIC;
}

/** The bytes stored for `key`. */
export function encodeKey(key: PriorityKey): Uint8Array {
  if (typeof key === 'number') {
    const bytes = new Uint8Array(9);
    bytes[0] = TAG_NUMBER;
    new DataView(bytes.buffer).setFloat64(1, key);
    return bytes;
  }
  if (typeof key === 'bigint') {
    const digits = key.toString();
    const bytes = new Uint8Array(1 + digits.length);
    bytes[0] = TAG_BIGINT;
    for (let i = 0; i < digits.length; i++) bytes[i + 1] = digits.charCodeAt(i);
    return bytes;
  }
  const bytes = new Uint8Array(1 + key.length * 2);
  bytes[0] = TAG_STRING;
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < key.length; i++) view.setUint16(1 + i * 2, key.charCodeAt(i));
  return bytes;
}

/** Reads back a key stored at `offset` (`length` bytes) of `view`. */
export function decodeKey(view: DataView, offset: number, length: number): PriorityKey {
  const tag = view.getUint8(offset);
  if (tag === TAG_NUMBER) return view.getFloat64(offset + 1);
  let text = '';
  if (tag === TAG_BIGINT) {
    for (let i = 1; i < length; i++) text += String.fromCharCode(view.getUint8(offset + i));
    return BigInt(text);
  }
  for (let i = 1; i < length; i += 2) text += String.fromCharCode(view.getUint16(offset + i));
  return text;
}
