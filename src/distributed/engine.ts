/**
 * The engine under spindle/distributed: BullMQ and ioredis, optional peer dependencies that only
 * users of this subpath install. They are loaded at the first call that needs them (a
 * DistributedExecutor's constructor, `runWorker`), never at import, so `import 'spindle'` costs
 * nothing and a missing one is reported by the call, with the command that installs it.
 * @module
 */
import { createRequire } from 'node:module';
import type * as BullMQ from 'bullmq';
import type * as IORedis from 'ioredis';
import { SpindleError } from '../errors.ts';

/** The two packages, as loaded. */
export interface Engine {
  bullmq: typeof BullMQ;
  ioredis: typeof IORedis;
}

const PEERS = ['bullmq', 'ioredis'] as const;
const INSTALL = `npm i ${PEERS.join(' ')}`;

/**
 * bullmq or ioredis is not installed: spindle/distributed and `spindle worker` need both.
 *
 * @example
 * ```ts
 * try { new DistributedExecutor({ connection }); }
 * catch (e) { if (e instanceof MissingEngineError) console.error(e.message); } // … npm i bullmq ioredis
 * ```
 */
export class MissingEngineError extends SpindleError {
  override name = 'MissingEngineError' as const;
  constructor(missing: string, options?: { cause?: unknown }) {
    super(
      'ERR_MISSING_ENGINE',
      `spindle/distributed needs bullmq and ioredis, optional peer dependencies that are not installed ` +
        `(cannot load ${missing}); install them next to spindle: ${INSTALL}`,
      options,
    );
  }
}

let loaded: Engine | undefined;

/**
 * Checks that bullmq and ioredis can be loaded (and loads them); throws {@link MissingEngineError}
 * naming the `npm i` command otherwise. Every call that needs them does this by itself.
 *
 * @example
 * ```ts
 * requireEngine(); // throws MissingEngineError if `npm i bullmq ioredis` was not run
 * ```
 */
export function requireEngine(): void {
  engine();
}

/**
 * BullMQ and ioredis, loaded on the first call (synchronously, so a constructor can use them).
 * Throws {@link MissingEngineError} when either cannot be found.
 *
 * @example
 * ```ts
 * const { Queue } = engine().bullmq;
 * ```
 */
export function engine(): Engine {
  if (loaded !== undefined) return loaded;
  const require = createRequire(import.meta.url);
  const load = (name: (typeof PEERS)[number]): unknown => {
    try {
      return require(name);
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      const which = PEERS.find((peer) => message?.includes(`'${peer}'`));
      if (code === 'MODULE_NOT_FOUND' && which !== undefined)
        throw new MissingEngineError(which, { cause: error });
      throw error;
    }
  };
  // ioredis first: bullmq requires it, and a missing ioredis is then named as such.
  const ioredis = load('ioredis') as typeof IORedis;
  loaded = { bullmq: load('bullmq') as typeof BullMQ, ioredis };
  return loaded;
}
