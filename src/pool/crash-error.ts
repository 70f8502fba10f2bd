import { WorkerCrashedError } from '../errors.ts';
import type { WorkerExit } from '../runtime/runtime.ts';

/** Describes how a worker died, for the futures it was running. */
export function crashError(
  poolName: string,
  workerIndex: number,
  exit: WorkerExit,
  when?: string,
): WorkerCrashedError {
  const cause = exit.error;
  const outOfMemory = (cause as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
  const how = outOfMemory
    ? 'ran out of memory'
    : cause
      ? `died from an uncaught ${cause.name}: ${cause.message}`
      : `exited with code ${exit.exitCode}${exit.signal ? ` (${exit.signal})` : ''}`;
  return new WorkerCrashedError(`${poolName} worker ${workerIndex} ${how}${when ? ` ${when}` : ''}`, {
    exitCode: exit.exitCode,
    signal: exit.signal,
    cause,
  });
}
