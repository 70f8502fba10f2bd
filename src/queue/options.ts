import { DEFAULT_CAPACITY_BYTES, RECORD_ALIGN } from './layout.ts';

/** Construction options of the shared queues. */
export interface QueueOptions {
  /**
   * Bytes of shared memory for the items, serialised (default 2 MiB). Even a queue with no
   * `maxsize` holds at most this much: a put waits for room like on a full queue, and an item
   * larger than the whole buffer is a RangeError at put().
   */
  capacityBytes?: number;
}

const MAX_CAPACITY = 2 ** 30;

/** Python's maxsize: an integer, where 0 or less means no limit. */
export function checkMaxsize(maxsize: unknown): number {
  if (typeof maxsize !== 'number' || !Number.isInteger(maxsize)) {
    throw new TypeError(`maxsize must be an integer, got ${String(maxsize)}`);
  }
  if (maxsize > 2 ** 31 - 1) throw new RangeError(`maxsize must be below 2^31, got ${maxsize}`);
  return Math.max(0, maxsize);
}

/** The ring size in bytes, rounded up to the record alignment. */
export function checkCapacity(options: QueueOptions | undefined): number {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('options must be an object');
  }
  const bytes = options?.capacityBytes ?? DEFAULT_CAPACITY_BYTES;
  if (typeof bytes !== 'number' || !Number.isInteger(bytes)) {
    throw new TypeError('capacityBytes must be an integer number of bytes');
  }
  if (bytes < 64 || bytes > MAX_CAPACITY) {
    throw new RangeError(`capacityBytes must be between 64 and ${MAX_CAPACITY}, got ${bytes}`);
  }
  return Math.ceil(bytes / RECORD_ALIGN) * RECORD_ALIGN;
}
