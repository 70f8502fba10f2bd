/**
 * The base of every Manager proxy: a reference to an object owned by the Manager, which crosses
 * process (and thread) boundaries as plain data and calls home when used.
 */
import { TimeoutError } from '../../errors.ts';
import { checkSignal, checkTimeout } from '../../futures/wait-options.ts';
import type { AcquireOptions } from '../../threading/acquire-options.ts';
import type { LockGuard } from '../../threading/lock.ts';
import { guard } from '../../threading/lock.ts';
import {
  registerSharedKind,
  type Shareable,
  type SharedWire,
  sharedKindKey,
  toWire,
} from '../../wire/shared-codec.ts';
import { callManaged, type ManagedRef } from './client.ts';
import { callManagedSync } from './sync-bridge.ts';

/** What travels: where the object lives and which kind of proxy to rebuild. */
interface ProxyMeta extends ManagedRef {
  type: string;
}

type ProxyClass = (new (ref: ManagedRef) => ManagedProxy) & { readonly managedType: string };

const proxyClasses = new Map<string, ProxyClass>();
/** One proxy object per managed object and thread, as for shared-memory primitives. */
const revived = new Map<string, WeakRef<ManagedProxy>>();

/** Registers a proxy class, so a proxy revives as the same class. */
export function registerProxy(cls: ProxyClass): void {
  proxyClasses.set(cls.managedType, cls);
}

registerSharedKind('Managed', (wire) => {
  const meta = wire.meta as ProxyMeta;
  const key = `${meta.address}#${meta.obj}`;
  const existing = revived.get(key)?.deref();
  if (existing !== undefined) return existing;
  const cls = proxyClasses.get(meta.type);
  if (cls === undefined) throw new TypeError(`unknown managed type ${meta.type}`);
  const proxy = new cls({ address: meta.address, token: meta.token, obj: meta.obj });
  revived.set(key, new WeakRef(proxy));
  return proxy;
});

export abstract class ManagedProxy implements Shareable {
  readonly #ref: ManagedRef;

  constructor(ref: ManagedRef) {
    this.#ref = ref;
  }

  /** Calls `method` on the managed object. */
  protected call(method: string, args: unknown[] = [], signal?: AbortSignal): Promise<unknown> {
    return callManaged(this.#ref, method, args, signal);
  }

  /**
   * Calls `method` and blocks until the answer (worker threads and worker processes only; see
   * sync-bridge.ts). `what` and `asyncForm` name the call in the main-thread error.
   */
  protected callSync(method: string, args: unknown[], what: string, asyncForm: string): unknown {
    return callManagedSync(this.#ref, method, args, what, asyncForm);
  }

  /** @internal */
  [toWire](): SharedWire {
    const { managedType: type } = this.constructor as ProxyClass;
    return {
      [sharedKindKey]: 'Managed',
      id: 0,
      buffers: [],
      meta: { ...this.#ref, type } satisfies ProxyMeta,
    };
  }
}

/** `{ blocking, timeout, signal }` validated into the server's arguments and the signal. */
export function acquireArgs(options: AcquireOptions | undefined): [unknown[], AbortSignal | undefined] {
  const timeout = checkTimeout(options?.timeout);
  const signal = checkSignal(options?.signal);
  const blocking = options?.blocking ?? true;
  if (typeof blocking !== 'boolean') throw new TypeError('blocking must be a boolean');
  if (!blocking && timeout !== undefined)
    throw new RangeError("can't specify a timeout for a non-blocking acquire");
  return [[blocking, timeout], signal];
}

/** A proxy with Python's lock protocol: acquire/release/locked and a `using` guard. */
export abstract class ManagedLockLike extends ManagedProxy {
  /**
   * Takes it; resolves false when `timeout` ms pass (or at once with `blocking: false`).
   *
   * @example
   * ```ts
   * if (await lock.acquire({ timeout: 100 })) try { … } finally { await lock.release(); }
   * ```
   */
  acquire(options?: AcquireOptions): Promise<boolean> {
    const [args, signal] = acquireArgs(options);
    return this.call('acquire', args, signal) as Promise<boolean>;
  }

  /**
   * Blocking {@link ManagedLockLike.acquire}, for worker threads and worker processes.
   *
   * @example
   * ```ts
   * lock.acquireSync(); try { … } finally { lock.releaseSync(); }
   * ```
   */
  acquireSync(options?: Omit<AcquireOptions, 'signal'>): boolean {
    const [args] = acquireArgs(options);
    return this.callSync('acquire', args, 'acquireSync()', 'await acquire()') as boolean;
  }

  /**
   * Releases it.
   *
   * @example
   * ```ts
   * await lock.release();
   * ```
   */
  release(): Promise<void> {
    return this.call('release') as Promise<void>;
  }

  /**
   * Blocking {@link ManagedLockLike.release}.
   *
   * @example
   * ```ts
   * lock.releaseSync();
   * ```
   */
  releaseSync(): void {
    this.callSync('release', [], 'releaseSync()', 'await release()');
  }

  /**
   * Blocking `with lock:` for worker threads and worker processes.
   *
   * @example
   * ```ts
   * { using _ = lock.holdSync(); total.setSync(total.getSync() + 1); }
   * ```
   */
  holdSync(options?: Omit<AcquireOptions, 'blocking' | 'signal'>): LockGuard {
    if (!this.acquireSync(options)) throw new TimeoutError(`not acquired within ${options?.timeout} ms`);
    return guard(() => this.releaseSync());
  }

  /**
   * `with lock:` — a guard whose disposal releases it (the release is sent without waiting).
   *
   * @example
   * ```ts
   * { await using _ = await lock.hold(); … }
   * ```
   */
  async hold(options?: Omit<AcquireOptions, 'blocking'>): Promise<LockGuard & AsyncDisposable> {
    if (!(await this.acquire(options))) throw new TimeoutError(`not acquired within ${options?.timeout} ms`);
    let release: Promise<void> | undefined;
    const sync = guard(() => {
      release = this.release();
      release.catch(() => {});
    });
    return Object.assign(sync, {
      [Symbol.asyncDispose]: async () => {
        sync.release();
        await release;
      },
    });
  }
}
