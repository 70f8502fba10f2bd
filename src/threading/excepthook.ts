/**
 * Python's `threading.excepthook`: what happens to an exception that escapes a Thread's target.
 * It runs on the JS thread that started the Thread (where the hook was set), once the failure
 * has arrived there; the error is also kept on `thread.error`.
 */
import type { Thread } from './thread.ts';

/** What the hook receives (Python's `ExceptHookArgs`). */
export interface ExceptHookArgs {
  /** The error's name (`'TypeError'`…), or `typeof` the thrown value when it is not an Error. */
  readonly excType: string;
  /** What the target threw. */
  readonly excValue: unknown;
  /** The Thread whose target threw. */
  readonly thread: Thread;
}

/** A function that handles an exception escaping a Thread's target. */
export type ExceptHook = (args: ExceptHookArgs) => void;

/**
 * The default hook (Python's `threading.__excepthook__`): prints `Exception in thread NAME:`
 * and the error's stack to stderr.
 *
 * @example
 * ```ts
 * setExcepthook((args) => { log(args); excepthook(args); }); // log, then print as usual
 * ```
 */
export function excepthook(args: ExceptHookArgs): void {
  process.stderr.write(`Exception in thread ${args.thread.name}:\n${describe(args.excValue)}\n`);
}

let hook: ExceptHook = excepthook;

/**
 * Replaces the hook for Threads started from this JS thread; `undefined` restores the default.
 *
 * @example
 * ```ts
 * const failures: unknown[] = [];
 * setExcepthook(({ excValue }) => failures.push(excValue));
 * ```
 */
export function setExcepthook(fn: ExceptHook | undefined): void {
  if (fn !== undefined && typeof fn !== 'function') throw new TypeError('excepthook must be a function');
  hook = fn ?? excepthook;
}

/**
 * The hook in force on this JS thread.
 *
 * @example
 * ```ts
 * getExcepthook() === excepthook; // true unless replaced
 * ```
 */
export function getExcepthook(): ExceptHook {
  return hook;
}

/** Runs the hook; a hook that throws is reported on stderr, never lost, never rethrown. */
export function reportThreadError(thread: Thread, error: unknown): void {
  const excType = error instanceof Error ? error.name : typeof error;
  try {
    hook({ excType, excValue: error, thread });
  } catch (hookError) {
    process.stderr.write(`Exception in threading excepthook:\n${describe(hookError)}\n`);
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  return String(value);
}
