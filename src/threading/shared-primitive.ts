/**
 * The base of every shared-memory primitive: a process-unique id and the SharedArrayBuffers
 * holding its state. Created fresh with `new`, or revived from a wire record — in which case it
 * wraps the same buffers and is, for every purpose, the same primitive.
 */
import { selfIdent } from '../runtime/thread-table.ts';
import {
  newSharedId,
  registerSharedKind,
  rememberShared,
  type Shareable,
  type SharedWire,
  sharedKindKey,
  toWire,
} from '../wire/shared-codec.ts';

/** The wire record being revived; read once by the base constructor. */
let reviving: SharedWire | undefined;

/** Registers `cls` so that its wire records revive as instances of it (in any thread). */
export function registerPrimitive(kind: string, cls: new (...args: never[]) => SharedPrimitive): void {
  registerSharedKind(kind, (wire) => {
    reviving = wire;
    try {
      return new (cls as unknown as new () => SharedPrimitive)();
    } finally {
      reviving = undefined;
    }
  });
}

export abstract class SharedPrimitive implements Shareable {
  readonly #kind: string;
  readonly #id: number;
  /** The buffers holding the state (fresh, or the revived primitive's own). */
  protected readonly buffers: SharedArrayBuffer[];
  /** The extras a revived primitive was sent with (see `wireMeta`). */
  protected readonly revivedMeta: unknown;

  /** `allocate` creates the buffers of a new primitive; it is not called when reviving. */
  protected constructor(kind: string, allocate: () => SharedArrayBuffer[]) {
    this.#kind = kind;
    const wire = reviving;
    reviving = undefined;
    if (wire !== undefined) {
      this.#id = wire.id;
      this.buffers = wire.buffers;
      this.revivedMeta = wire.meta;
    } else {
      this.#id = newSharedId(selfIdent);
      this.buffers = allocate();
      rememberShared(this.#id, this);
    }
  }

  /** Extras to send along with the buffers (override when the primitive has some). */
  protected wireMeta(): unknown {
    return undefined;
  }

  /** @internal Describes this primitive for the wire (see wire/shared-codec.ts). */
  [toWire](): SharedWire {
    return { [sharedKindKey]: this.#kind, id: this.#id, buffers: this.buffers, meta: this.wireMeta() };
  }
}

/** An Int32Array over a fresh shared buffer of `count` words. */
export function sharedWords(count: number): SharedArrayBuffer {
  return new SharedArrayBuffer(count * 4);
}
