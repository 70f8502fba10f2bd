import { Queue } from './queue.ts';

/**
 * A {@link Queue} that returns the most recently added item first: Python's `asyncio.LifoQueue`.
 *
 * @example
 * ```ts
 * const stack = new LifoQueue<number>();
 * stack.putNowait(1); stack.putNowait(2);
 * stack.getNowait(); // 2
 * ```
 */
export class LifoQueue<T> extends Queue<T> {
  readonly #items: T[] = [];

  protected override _size(): number {
    return this.#items.length;
  }

  protected override _push(item: T): void {
    this.#items.push(item);
  }

  protected override _pop(): T {
    return this.#items.pop() as T;
  }
}

/** Orders two items: negative when `a` comes first. */
export type Compare<T> = (a: T, b: T) => number;

/**
 * Python's ordering for the usual priority-queue items: numbers, bigints and strings by value,
 * arrays (tuples such as `[priority, job]`) element by element. Throws a TypeError for anything
 * else, as Python does for unorderable types; pass a `compare` function for those.
 */
export function defaultCompare(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < a.length && i < b.length; i++) {
      const c = defaultCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  const ta = typeof a;
  if ((ta === 'number' || ta === 'bigint' || ta === 'string') && typeof b === ta) {
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
  throw new TypeError(`cannot order ${ta} and ${typeof b}; give PriorityQueue a compare function`);
}

/**
 * A {@link Queue} that returns the smallest item first (a binary heap): Python's
 * `asyncio.PriorityQueue`. Items are ordered by `compare`, by default numbers, strings and
 * tuples like `[priority, data]` as Python orders them.
 *
 * @example
 * ```ts
 * const q = new PriorityQueue<[number, string]>();
 * q.putNowait([2, 'later']); q.putNowait([1, 'first']);
 * q.getNowait(); // [1, 'first']
 * ```
 */
export class PriorityQueue<T> extends Queue<T> {
  readonly #heap: T[] = [];
  readonly #compare: Compare<T>;

  /**
   * @param maxsize most items held (0: unbounded).
   * @param compare orders items; defaults to {@link defaultCompare}.
   */
  constructor(maxsize = 0, compare: Compare<T> = defaultCompare) {
    super(maxsize);
    if (typeof compare !== 'function') throw new TypeError('compare must be a function');
    this.#compare = compare;
  }

  protected override _size(): number {
    return this.#heap.length;
  }

  protected override _push(item: T): void {
    const heap = this.#heap;
    // An unorderable item throws here, before it is stored, rather than half-way up the heap.
    this.#compare(item, heap.length > 0 ? heap[0]! : item);
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#compare(heap[i]!, heap[parent]!) >= 0) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  protected override _pop(): T {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.#compare(heap[l]!, heap[m]!) < 0) m = l;
        if (r < heap.length && this.#compare(heap[r]!, heap[m]!) < 0) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}
