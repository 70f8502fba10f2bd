/**
 * Worker side of a Thread: the task the thread cache runs for every started Thread. It marks the
 * Thread RUNNING with this worker's ident, waits out a Timer's interval, runs the target with
 * `currentThread()` answering the Thread, and marks it DONE however the target ends.
 */
import { selfIdent } from '../runtime/thread-table.ts';
import type { TaskDefinition } from '../tasks/describe.ts';
import { explainClosureError, resolveTask } from '../tasks/resolve.ts';
import { defineTask } from '../tasks/task.ts';
import type { Thread } from './thread.ts';
import { setRunningThread } from './thread-registry.ts';
import { markDone, markRunning, sleepUnlessCancelled } from './thread-state.ts';

/** Targets already resolved in this worker (a cached worker runs many Threads). */
const targets = new Map<string, Function>();

async function resolveTarget(definition: TaskDefinition): Promise<Function> {
  const key =
    definition.kind === 'module' ? `m:${definition.moduleUrl}#${definition.name}` : `i:${definition.source}`;
  let fn = targets.get(key);
  if (fn === undefined) {
    fn = await resolveTask(definition);
    targets.set(key, fn);
  }
  return fn;
}

/**
 * Resolves once the main side has taken everything this worker wrote to stdout and stderr. A
 * worker's output travels on its own channel, which may lag behind the result; without this, a
 * process that exits right after `join()` could lose the target's last lines.
 */
function flushStdio(): Promise<unknown> {
  const flushed = (stream: NodeJS.WriteStream) =>
    new Promise<void>((resolve) => stream.write('', () => resolve()));
  return Promise.all([flushed(process.stdout), flushed(process.stderr)]);
}

/**
 * Runs one Thread's target. `delay` ≥ 0 makes it a Timer: the target runs after `delay` ms
 * unless cancelled first. The target's return value is dropped, as in Python.
 */
export const runThread = defineTask(
  import.meta.url,
  async function runThread(
    thread: Thread,
    state: Int32Array,
    delay: number,
    definition: TaskDefinition,
    args: unknown[],
  ): Promise<void> {
    markRunning(state, selfIdent);
    setRunningThread(thread);
    try {
      const target = await resolveTarget(definition);
      if (delay >= 0 && !sleepUnlessCancelled(state, delay)) return;
      await target(...args);
    } catch (error) {
      throw definition.kind === 'inline' ? explainClosureError(error, definition.name) : error;
    } finally {
      setRunningThread(undefined);
      await flushStdio();
      markDone(state);
    }
  },
);
