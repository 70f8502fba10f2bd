/**
 * How errors cross a thread or process boundary: turned into plain cloneable data on one side
 * and revived on the other as the same class (SpindleError subclasses and built-in errors), with
 * name, message, stack, code, cause and primitive own properties.
 * @module
 */
import {
  BrokenBarrierError,
  BrokenExecutorError,
  CancelledError,
  EOFError,
  InvalidStateError,
  LockOwnerDeadError,
  NotHeldError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  SpindleError,
  TaskDefinitionError,
  TimeoutError,
  WorkerCrashedError,
} from '../errors.ts';

/** Every concrete SpindleError class, by name, so an error can be revived as the same class. */
const spindleErrorClasses: Record<string, new (...args: any[]) => SpindleError> = {
  SpindleError,
  CancelledError,
  TimeoutError,
  InvalidStateError,
  BrokenExecutorError,
  WorkerCrashedError,
  QueueFull,
  QueueEmpty,
  QueueShutDown,
  BrokenBarrierError,
  EOFError,
  TaskDefinitionError,
  LockOwnerDeadError,
  NotHeldError,
};

/**
 * Registers another SpindleError subclass so that it keeps its class across thread boundaries.
 * Later subpaths (threading, queue, …) register theirs when loaded.
 *
 * @example
 * ```ts
 * class BrokenBarrierError extends SpindleError { override name = 'BrokenBarrierError'; }
 * registerErrorClass(BrokenBarrierError);
 * ```
 */
export function registerErrorClass(cls: new (...args: any[]) => SpindleError): void {
  spindleErrorClasses[cls.name] = cls;
}

const builtinErrorClasses: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** The plain-object form of an error that crosses a thread or process boundary. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: unknown;
  cause?: SerializedError | { value: unknown };
  errors?: SerializedError[];
  /** Other own enumerable properties that survived cloning (e.g. `exitCode`, `errno`). */
  props?: Record<string, unknown>;
}

const ownKeysHandled = new Set(['name', 'message', 'stack', 'code', 'cause', 'errors']);

/** The code of the stand-in that crosses instead of an error whose fields cannot be read. */
const UNREADABLE = 'ERR_UNREADABLE_ERROR';

/**
 * Turns any thrown value into a cloneable description that keeps name, message, stack, code,
 * cause (recursively) and primitive own properties. It never throws: when reading the error
 * throws (a getter on `message` or on an own property, a Proxy), a `SpindleError` with code
 * `ERR_UNREADABLE_ERROR` stands in for it, carrying what could be read and why the rest could not.
 *
 * @example
 * ```ts
 * const error = new Error('x');
 * Object.defineProperty(error, 'message', { get() { throw new Error('no'); } });
 * serializeError(error).code; // 'ERR_UNREADABLE_ERROR'
 * ```
 */
export function serializeError(error: unknown, depth = 0): SerializedError {
  const fields = new FieldReader(error);
  if (!fields.attempt('its prototype', () => error instanceof Error)) {
    if (fields.failure) return standIn(fields, { name: 'Error', message: '' });
    return { name: 'Error', message: `non-error value thrown: ${safeString(error)}` };
  }
  const name = fields.read('name');
  const message = fields.read('message');
  const out: SerializedError = {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' || message === undefined ? (message ?? '') : safeString(message),
  };
  const stack = fields.read('stack');
  if (stack !== undefined) out.stack = safeString(stack);
  const code = fields.read('code');
  if (code !== undefined) out.code = code;
  const cause = fields.read('cause');
  if (cause !== undefined && depth < 8) {
    out.cause = fields.attempt('its cause', () => cause instanceof Error)
      ? serializeError(cause, depth + 1)
      : { value: plainOrString(cause) };
  }
  if (depth < 8 && fields.attempt('its prototype', () => error instanceof AggregateError)) {
    const errors = fields.read('errors');
    if (Array.isArray(errors)) {
      out.errors = fields.attempt('its "errors"', () => errors.map((e) => serializeError(e, depth + 1)));
    }
  }
  for (const key of fields.attempt('its own keys', () => Object.keys(error as object)) ?? []) {
    if (ownKeysHandled.has(key)) continue;
    const value = fields.read(key);
    if (value === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof value)) {
      out.props ??= {};
      out.props[key] = value;
    }
  }
  return fields.failure ? standIn(fields, out) : out;
}

/** Reads a thrown value's fields without trusting it: the first read that throws is remembered. */
class FieldReader {
  failure: { field: string; reason: unknown } | undefined;
  readonly #target: unknown;
  constructor(target: unknown) {
    this.#target = target;
  }

  read(key: string): unknown {
    return this.attempt(`its "${key}"`, () => (this.#target as Record<string, unknown>)[key]);
  }

  attempt<T>(field: string, get: () => T): T | undefined {
    try {
      return get();
    } catch (reason) {
      this.failure ??= { field, reason };
      return undefined;
    }
  }
}

/** The SpindleError that crosses instead of an error that could only be read in part. */
function standIn(fields: FieldReader, readable: SerializedError): SerializedError {
  const { field, reason } = fields.failure!;
  const what = readable.message === '' ? '' : ` (message: ${readable.message})`;
  const message =
    `${readable.name === 'Error' ? 'an Error' : `a ${readable.name}`}${what} could not cross as it is: ` +
    `reading ${field} threw ${safeString(reason)}`;
  const frames = readable.stack?.indexOf('\n    at ') ?? -1;
  const out: SerializedError = {
    name: 'SpindleError',
    message,
    stack: `SpindleError: ${message}${frames < 0 ? '' : readable.stack!.slice(frames)}`,
    code: UNREADABLE,
  };
  if (readable.cause !== undefined) out.cause = readable.cause;
  if (readable.props !== undefined) out.props = readable.props;
  return out;
}

/** Rebuilds an error from {@link serializeError}'s output, as the same class where known. */
export function deserializeError(data: SerializedError): Error {
  const cause =
    data.cause === undefined
      ? undefined
      : 'value' in data.cause
        ? data.cause.value
        : deserializeError(data.cause);
  const options = cause === undefined ? undefined : { cause };
  let error: Error;
  const spindleClass = spindleErrorClasses[data.name];
  if (spindleClass !== undefined) {
    error = Object.create(spindleClass.prototype) as Error;
    Object.defineProperty(error, 'message', { value: data.message, writable: true, configurable: true });
    if (options) Object.defineProperty(error, 'cause', { value: cause, writable: true, configurable: true });
  } else if (data.errors !== undefined) {
    error = new AggregateError(data.errors.map(deserializeError), data.message, options);
  } else {
    const Builtin = builtinErrorClasses[data.name] ?? Error;
    error = new Builtin(data.message, options);
  }
  error.name = data.name;
  if (data.code !== undefined) (error as { code?: unknown }).code = data.code;
  if (data.props) Object.assign(error, data.props);
  Object.defineProperty(error, 'stack', {
    value: data.stack ?? `${data.name}: ${data.message}`,
    writable: true,
    configurable: true,
  });
  return error;
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return 'a value that cannot be read';
    }
  }
}

function plainOrString(value: unknown): unknown {
  return value === null || typeof value !== 'object' ? value : safeString(value);
}
