/**
 * The class of `Value`, parameterised by canonical type name. Import `Value` from `./value.ts`:
 * its constructor also takes Python typecodes and normalises them (`new Value('i', 0)` is a
 * `Value<'int32'>`).
 */
import { Lock } from '../threading/lock.ts';
import { registerPrimitive, SharedPrimitive } from '../threading/shared-primitive.ts';
import { toWire } from '../wire/shared-codec.ts';
import {
  assertAtomic,
  type NumberTypeName,
  type ResolvedType,
  resolveType,
  revivedTyped,
  type SharedInputOf,
  type SharedTypeName,
  type SharedValueOf,
  type TypecodeOf,
  type TypedArrayOf,
  type TypedMeta,
  toElement,
  viewOf,
} from './shared-types.ts';

type Atomic = Int32Array & BigInt64Array;

/**
 * The class behind {@link Value} (imported from `./value.ts`), parameterised by the canonical
 * type name only, so that `Value<'i'>` and `Value<'int32'>` are one type.
 *
 * @example
 * ```ts
 * const hits = new Value('int32', 0);
 * hits.add(1);
 * ```
 */
export class Value<K extends SharedTypeName = NumberTypeName> extends SharedPrimitive {
  readonly #type: ResolvedType;
  readonly #lock: Lock;
  readonly #cell: TypedArrayOf;

  constructor(type: K | TypecodeOf<K>, initial?: SharedInputOf<K>) {
    let fresh: ResolvedType | undefined;
    super('Value', () => {
      fresh = resolveType(type);
      return [new SharedArrayBuffer(fresh.array.BYTES_PER_ELEMENT)];
    });
    const revived = fresh === undefined ? revivedTyped(this.revivedMeta) : undefined;
    this.#type = fresh ?? revived!.type;
    this.#lock = revived?.lock ?? new Lock();
    this.#cell = viewOf(this.#type, this.buffers[0]!);
    if (fresh !== undefined && initial !== undefined) this.value = initial;
  }

  /** The type and the lock travel along, so the lock revives as the same Lock. */
  protected override wireMeta(): TypedMeta {
    return { type: this.#type.name, lock: this.#lock[toWire]() };
  }

  /**
   * The element type's canonical name.
   *
   * @example
   * ```ts
   * new Value('i', 0).type; // 'int32'
   * ```
   */
  get type(): K {
    return this.#type.name as K;
  }

  /**
   * The current value (an atomic load for integer types).
   *
   * @example
   * ```ts
   * counter.value += 1; // not atomic: use add(1), or hold getLock()
   * ```
   */
  get value(): SharedValueOf<K> {
    const cell = this.#cell;
    return (this.#type.atomic ? Atomics.load(cell as Atomic, 0) : cell[0]) as SharedValueOf<K>;
  }

  set value(v: SharedInputOf<K>) {
    const cell = this.#cell;
    const element = toElement(this.#type, v);
    if (this.#type.atomic) Atomics.store(cell as Atomic, 0, element);
    else cell[0] = element;
  }

  /**
   * The Lock created with this Value (it travels with it): hold it around read-modify-write
   * sequences, as Python's `with v.get_lock():`.
   *
   * @example
   * ```ts
   * { using _ = await total.getLock().hold(); total.value += 0.5; }
   * ```
   */
  getLock(): Lock {
    return this.#lock;
  }

  /**
   * Atomically adds `delta`; returns the previous value. Integer types only.
   *
   * @example
   * ```ts
   * hits.add(1);
   * ```
   */
  add(delta: SharedInputOf<K>): SharedValueOf<K> {
    return this.#atomic('add', (a) => Atomics.add(a, 0, toElement(this.#type, delta)));
  }

  /**
   * Atomically subtracts `delta`; returns the previous value. Integer types only.
   *
   * @example
   * ```ts
   * left.sub(1);
   * ```
   */
  sub(delta: SharedInputOf<K>): SharedValueOf<K> {
    return this.#atomic('sub', (a) => Atomics.sub(a, 0, toElement(this.#type, delta)));
  }

  /**
   * Atomically stores `replacement` if the value is `expected`; returns the value seen (equal to
   * `expected` when it swapped). Integer types only.
   *
   * @example
   * ```ts
   * const won = flag.compareExchange(0, 1) === 0;
   * ```
   */
  compareExchange(expected: SharedInputOf<K>, replacement: SharedInputOf<K>): SharedValueOf<K> {
    return this.#atomic('compareExchange', (a) =>
      Atomics.compareExchange(a, 0, toElement(this.#type, expected), toElement(this.#type, replacement)),
    );
  }

  /**
   * Atomically stores `v`; returns the previous value. Integer types only.
   *
   * @example
   * ```ts
   * const before = state.exchange(2);
   * ```
   */
  exchange(v: SharedInputOf<K>): SharedValueOf<K> {
    return this.#atomic('exchange', (a) => Atomics.exchange(a, 0, toElement(this.#type, v)));
  }

  /**
   * Atomic read. Integer types only.
   *
   * @example
   * ```ts
   * hits.load();
   * ```
   */
  load(): SharedValueOf<K> {
    return this.#atomic('load', (a) => Atomics.load(a, 0));
  }

  /**
   * Atomic write; returns `v`. Integer types only.
   *
   * @example
   * ```ts
   * hits.store(0);
   * ```
   */
  store(v: SharedInputOf<K>): SharedValueOf<K> {
    return this.#atomic('store', (a) => Atomics.store(a, 0, toElement(this.#type, v)));
  }

  #atomic(what: string, op: (cell: Atomic) => number | bigint): SharedValueOf<K> {
    assertAtomic(this.#type, `Value.${what}()`);
    return op(this.#cell as Atomic) as SharedValueOf<K>;
  }
}

registerPrimitive('Value', Value);
