/**
 * The one codec for what crosses Redis: task arguments, results and errors.
 *
 * A value that JSON represents exactly (finite numbers other than -0, strings, booleans, null,
 * dense arrays and plain objects of those, with no shared references) is stored as JSON text:
 * BullMQ stores job data and results as JSON anyway, and JSON is several times cheaper to write
 * and read than the alternative. Any other value is written with `v8.serialize` (the
 * structured-clone format Node's worker threads use) and stored as base64 text, which always
 * starts with `/` (the serializer's version byte) — something JSON text never does — so
 * `decodeValue` knows which it got. That round-trips what JSON cannot:
 * `Date`, `BigInt`, `Uint8Array`/`Buffer` and other typed arrays, `Map`, `Set`, `RegExp`,
 * `undefined`, `NaN`/`Infinity` and cycles. Errors (anywhere inside arrays, plain objects, Maps
 * and Sets) are first replaced by a tagged record made by `serializeError`, so they come back
 * as the same class with `code`, `cause` and their own properties. Functions, symbols and class
 * instances' prototypes do not travel (a TypeError at submit says so).
 * @module
 */
import { deserialize, serialize } from 'node:v8';
import { SpindleError } from '../errors.ts';
import { deserializeError, type SerializedError, serializeError } from '../wire/error-codec.ts';
import { isJsonTree } from '../wire/json-tree.ts';

/** Key of the record that stands for an Error inside an encoded value. */
const ERROR_TAG = '\u0000spindle.error';
const ERROR_TAG_BYTES = Buffer.from(ERROR_TAG, 'latin1');
/** Separates the readable part of a BullMQ `failedReason` from the encoded error. */
const FAILURE_MARK = '\n\u0000spindle:';

/**
 * The encoded form of a value exceeds the executor's `maxJobBytes`.
 *
 * @example
 * ```ts
 * try { executor.submit(echo, new Uint8Array(10_000_000)); }
 * catch (e) { if (e instanceof JobTooLargeError) console.log(e.size, e.limit); }
 * ```
 */
export class JobTooLargeError extends SpindleError {
  override name = 'JobTooLargeError' as const;
  /** Encoded size in bytes. */
  readonly size: number;
  /** The limit in bytes. */
  readonly limit: number;
  constructor(what: string, size: number, limit: number) {
    super(
      'ERR_JOB_TOO_LARGE',
      `${what} is ${size} bytes once encoded, over the limit of ${limit} bytes (maxJobBytes); ` +
        'store large data elsewhere (a file, object storage) and pass its key',
    );
    this.size = size;
    this.limit = limit;
  }
}

/**
 * Encodes a value as base64 text (see the module notes). Throws TypeError for a value that
 * cannot be cloned (a function, a symbol) and {@link JobTooLargeError} past `limit` bytes.
 *
 * @example
 * ```ts
 * const text = encodeValue([new Date(0), 10n, new Map([[1, 'a']])], 'arguments');
 * decodeValue(text); // [Date(0), 10n, Map {1 => 'a'}]
 * ```
 */
export function encodeValue(value: unknown, what: string, limit = Number.POSITIVE_INFINITY): string {
  if (isJsonTree(value)) {
    const text = JSON.stringify(value);
    if (text.length * 3 > limit) {
      const size = Buffer.byteLength(text);
      if (size > limit) throw new JobTooLargeError(what, size, limit);
    }
    return text;
  }
  let bytes: Buffer;
  try {
    bytes = serialize(tagErrors(value, new Set()));
  } catch (error) {
    throw new TypeError(
      `${what} cannot be sent over Redis: ${(error as Error).message} ` +
        '(functions, symbols and host objects do not travel; send plain data)',
      { cause: error },
    );
  }
  const size = Math.ceil(bytes.length / 3) * 4;
  if (size > limit) throw new JobTooLargeError(what, size, limit);
  return bytes.toString('base64');
}

/**
 * Decodes the text made by {@link encodeValue}, reviving errors as their classes.
 *
 * @example
 * ```ts
 * decodeValue(encodeValue(new RangeError('x'), 'result')) instanceof RangeError; // true
 * ```
 */
export function decodeValue(text: string): unknown {
  if (text.charCodeAt(0) !== SLASH) return JSON.parse(text);
  const bytes = Buffer.from(text, 'base64');
  const value = deserialize(bytes);
  return bytes.includes(ERROR_TAG_BYTES) ? reviveErrors(value, new Set()) : value;
}

/**
 * The `failedReason` a worker gives BullMQ for an error: a readable first line (what BullMQ's
 * tools show) followed by the encoded error.
 *
 * @example
 * ```ts
 * const reason = encodeFailure(new TypeError('bad')); // 'TypeError: bad\n\0spindle:…'
 * decodeFailure(reason); // TypeError('bad')
 * ```
 */
export function encodeFailure(error: unknown): string {
  const data = serializeError(error);
  return `${data.name}: ${data.message}${FAILURE_MARK}${serialize(data).toString('base64')}`;
}

/**
 * Revives the error in a BullMQ `failedReason`: the encoded one when a spindle worker wrote it,
 * otherwise (BullMQ's own reasons, e.g. a job stalled too often) a SpindleError `ERR_JOB_FAILED`.
 *
 * @example
 * ```ts
 * decodeFailure('job stalled more than allowable limit').code; // 'ERR_JOB_FAILED'
 * ```
 */
export function decodeFailure(reason: string | undefined, jobId?: string): Error {
  const text = reason ?? 'unknown reason';
  const at = text.indexOf(FAILURE_MARK);
  if (at >= 0) {
    try {
      return deserializeError(
        deserialize(Buffer.from(text.slice(at + FAILURE_MARK.length), 'base64')) as SerializedError,
      );
    } catch {
      // fall through: a damaged record still gives its readable part
    }
  }
  const readable = at >= 0 ? text.slice(0, at) : text;
  return new SpindleError('ERR_JOB_FAILED', `job ${jobId ?? '?'} failed: ${readable}`);
}

const SLASH = 0x2f;
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Replaces errors by tagged records; copies only the containers that hold one. */
function tagErrors(value: unknown, seen: Set<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { [ERROR_TAG]: serializeError(value) };
  if (seen.has(value)) return value;
  if (Array.isArray(value)) {
    seen.add(value);
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const tagged = tagErrors(item, seen);
      if (tagged !== item) {
        copy ??= value.slice();
        copy[i] = tagged;
      }
    }
    return copy ?? value;
  }
  if (value instanceof Map) {
    seen.add(value);
    let changed = false;
    const entries: [unknown, unknown][] = [];
    for (const [k, v] of value) {
      const tk = tagErrors(k, seen);
      const tv = tagErrors(v, seen);
      changed ||= tk !== k || tv !== v;
      entries.push([tk, tv]);
    }
    return changed ? new Map(entries) : value;
  }
  if (value instanceof Set) {
    seen.add(value);
    let changed = false;
    const items: unknown[] = [];
    for (const v of value) {
      const tv = tagErrors(v, seen);
      changed ||= tv !== v;
      items.push(tv);
    }
    return changed ? new Set(items) : value;
  }
  if (!isPlainObject(value)) return value;
  seen.add(value);
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const tagged = tagErrors(item, seen);
    if (tagged !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = tagged;
    }
  }
  return copy ?? value;
}

/** Turns tagged records back into errors, in place (the value is freshly deserialized). */
function reviveErrors(value: unknown, seen: Set<object>): unknown {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveErrors(value[i], seen);
    return value;
  }
  if (value instanceof Map) {
    const entries = [...value].map(([k, v]) => [reviveErrors(k, seen), reviveErrors(v, seen)] as const);
    value.clear();
    for (const [k, v] of entries) value.set(k, v);
    return value;
  }
  if (value instanceof Set) {
    const items = [...value].map((v) => reviveErrors(v, seen));
    value.clear();
    for (const v of items) value.add(v);
    return value;
  }
  if (!isPlainObject(value)) return value;
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, ERROR_TAG)) return deserializeError(record[ERROR_TAG] as SerializedError);
  for (const key of Object.keys(record)) record[key] = reviveErrors(record[key], seen);
  return value;
}
