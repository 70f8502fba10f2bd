import { SpindleError, type SpindleErrorOptions } from '../errors.ts';
import { registerErrorClass } from '../wire/error-codec.ts';

/**
 * The stream ended before a read was satisfied: Python's `asyncio.IncompleteReadError`.
 * `partial` holds the bytes read before the end (they are consumed).
 *
 * @example
 * ```ts
 * try { await reader.readexactly(4); }
 * catch (e) { if (e instanceof IncompleteReadError) console.log(e.partial.length, e.expected); }
 * ```
 */
export class IncompleteReadError extends SpindleError {
  override name = 'IncompleteReadError' as const;
  /** The bytes read before the end of the stream. */
  readonly partial: Buffer;
  /** The number of bytes asked for, or null for "up to a separator". */
  readonly expected: number | null;

  constructor(partial: Buffer, expected: number | null, options?: SpindleErrorOptions) {
    super(
      'ERR_INCOMPLETE_READ',
      `${partial.length} bytes read on a total of ${expected === null ? 'undefined' : expected} expected bytes`,
      options,
    );
    this.partial = partial;
    this.expected = expected;
  }
}

/**
 * A separator was not found within the reader's `limit`: Python's `asyncio.LimitOverrunError`.
 * `consumed` is how many bytes the overrun covered.
 *
 * @example
 * ```ts
 * await reader.readuntil('\n').catch((e) => e instanceof LimitOverrunError && e.consumed);
 * ```
 */
export class LimitOverrunError extends SpindleError {
  override name = 'LimitOverrunError' as const;
  /** Bytes to consume to get past the overrun. */
  readonly consumed: number;

  constructor(message: string, consumed: number, options?: SpindleErrorOptions) {
    super('ERR_LIMIT_OVERRUN', message, options);
    this.consumed = consumed;
  }
}

registerErrorClass(IncompleteReadError);
registerErrorClass(LimitOverrunError);
