/**
 * spindle/distributed for the tools that need it (`spindle worker`, `crunch --backend redis://`),
 * loaded only by them. A missing bullmq or ioredis (optional peer dependencies) becomes a
 * ToolError: one line that names `npm i bullmq ioredis`, exit 1.
 * @module
 */
import { ToolError } from './exit-codes.ts';

/**
 * Loads spindle/distributed and its engine.
 *
 * @example
 * ```ts
 * const { runWorker } = await loadDistributed();
 * ```
 */
export async function loadDistributed(): Promise<typeof import('../distributed/index.ts')> {
  const distributed = await import('../distributed/index.ts');
  try {
    distributed.requireEngine();
  } catch (error) {
    if (error instanceof distributed.MissingEngineError) throw new ToolError(error.message);
    throw error;
  }
  return distributed;
}
