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

/**
 * Turns any thrown value into a cloneable description that keeps name, message, stack, code,
 * cause (recursively) and primitive own properties.
 */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: `non-error value thrown: ${safeString(error)}` };
  }
  const out: SerializedError = { name: error.name, message: error.message };
  if (error.stack !== undefined) out.stack = error.stack;
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (error.cause !== undefined && depth < 8) {
    out.cause =
      error.cause instanceof Error
        ? serializeError(error.cause, depth + 1)
        : { value: plainOrString(error.cause) };
  }
  if (error instanceof AggregateError && depth < 8) {
    out.errors = error.errors.map((e) => serializeError(e, depth + 1));
  }
  for (const key of Object.keys(error)) {
    if (ownKeysHandled.has(key)) continue;
    const value = (error as unknown as Record<string, unknown>)[key];
    if (value === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof value)) {
      out.props ??= {};
      out.props[key] = value;
    }
  }
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
    return Object.prototype.toString.call(value);
  }
}

function plainOrString(value: unknown): unknown {
  return value === null || typeof value !== 'object' ? value : safeString(value);
}
