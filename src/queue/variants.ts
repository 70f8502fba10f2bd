import { registerPrimitive } from '../threading/shared-primitive.ts';
import { LIFO, type Mode, PRIORITY } from './layout.ts';
import { Queue } from './queue.ts';

/**
 * Python's `queue.LifoQueue`: a shared {@link Queue} that hands out the newest item first.
 *
 * @example
 * ```ts
 * const stack = new LifoQueue<number>();
 * await stack.put(1); await stack.put(2);
 * await stack.get(); // 2
 * ```
 */
export class LifoQueue<T = unknown> extends Queue<T> {
  protected static override readonly wireKind: string = 'LifoQueue';
  protected static override readonly order: Mode = LIFO;
}

/**
 * Python's `queue.PriorityQueue`: a shared {@link Queue} that hands out the smallest item first.
 * Items are ordered by a key: the item itself when it is a number, bigint or string, or the
 * first element of an array item (`[priority, data]`, like Python's tuples); anything else is a
 * TypeError at put(). Equal keys leave in the order they came (Python would compare `data`).
 *
 * @example
 * ```ts
 * const pq = new PriorityQueue<[number, string]>();
 * await pq.put([2, 'later']); await pq.put([1, 'first']);
 * await pq.get(); // [1, 'first']
 * ```
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  protected static override readonly wireKind: string = 'PriorityQueue';
  protected static override readonly order: Mode = PRIORITY;
}

registerPrimitive('LifoQueue', LifoQueue);
registerPrimitive('PriorityQueue', PriorityQueue);
