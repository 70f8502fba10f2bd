/** Options of {@link gather}, passed as its last argument. */
export interface GatherOptions {
  /** Resolve with the errors in place of values instead of rejecting with the first one. */
  returnExceptions?: boolean;
}

type Values<A extends readonly unknown[]> = { -readonly [K in keyof A]: Awaited<A[K]> };
type ValuesOrErrors<A extends readonly unknown[]> = { -readonly [K in keyof A]: Awaited<A[K]> | Error };

const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  x !== null &&
  (typeof x === 'object' || typeof x === 'function') &&
  typeof (x as { then?: unknown }).then === 'function';

/**
 * Waits for every awaitable (Tasks, Futures, promises) and resolves with their values in order:
 * Python's `asyncio.gather`. The first error rejects the gather; the others keep running (cancel
 * them yourself, or use a {@link TaskGroup}). With `{ returnExceptions: true }` as last argument,
 * errors take their place among the values instead.
 *
 * @example
 * ```ts
 * import { gather, sleep } from 'spindle/asyncio';
 * const [a, b] = await gather(sleep(10, { value: 'a' }), sleep(20, { value: 'b' }));
 * await gather(Promise.reject(new Error('x')), Promise.resolve(1), { returnExceptions: true }); // [Error: x, 1]
 * ```
 */
export function gather<const A extends readonly unknown[]>(...awaitables: A): Promise<Values<A>>;
export function gather<const A extends readonly unknown[]>(
  ...args: [...A, GatherOptions & { returnExceptions: true }]
): Promise<ValuesOrErrors<A>>;
export function gather<const A extends readonly unknown[]>(
  ...args: [...A, GatherOptions]
): Promise<ValuesOrErrors<A>>;
export function gather(...args: unknown[]): Promise<unknown[]> {
  let options: GatherOptions = {};
  const last = args.at(-1);
  if (args.length > 0 && last !== null && typeof last === 'object' && !isThenable(last)) {
    options = last as GatherOptions;
    args = args.slice(0, -1);
    for (const key of Object.keys(options)) {
      if (key !== 'returnExceptions') throw new TypeError(`unknown gather option "${key}"`);
    }
  }
  args.forEach((aw, i) => {
    if (!isThenable(aw)) throw new TypeError(`gather argument ${i + 1} is not awaitable`);
  });
  const all = args as PromiseLike<unknown>[];
  if (!options.returnExceptions) return Promise.all(all);
  return Promise.all(
    all.map((aw) =>
      Promise.resolve(aw).then(
        (value) => value,
        (error: unknown) => error,
      ),
    ),
  );
}
