/**
 * A Barrier's action runs in whichever thread arrives last, so it travels as a task definition
 * (like any task) and is resolved in the thread that needs it: inline functions compile on the
 * spot; a module task is found in the thread's task registry, importing its module first when
 * the caller can wait for that (async `wait`).
 */
import { TaskDefinitionError } from '../errors.ts';
import { describeTask, type TaskDefinition } from '../tasks/describe.ts';
import { compileInline, resolveTask } from '../tasks/resolve.ts';
import { taskKey, taskRegistry } from '../tasks/task.ts';

/** A Barrier action: a defineTask task or a self-contained inline function, called with no argument. */
export type BarrierAction = () => unknown;

/** Validates `action` and describes it for the wire. */
export function describeAction(action: unknown): TaskDefinition {
  return describeTask(action, 'Barrier action').definition;
}

/** The callable for `definition`, or undefined if its module is not loaded in this thread. */
function lookup(definition: TaskDefinition): BarrierAction | undefined {
  if (definition.kind === 'inline') return compileInline(definition.source) as BarrierAction;
  return taskRegistry().get(taskKey(definition)) as BarrierAction | undefined;
}

/** Caches the resolved action of one Barrier in one thread. */
export class ActionSlot {
  readonly #definition: TaskDefinition | undefined;
  #fn: BarrierAction | undefined;

  constructor(definition: TaskDefinition | undefined) {
    this.#definition = definition;
  }

  /** The definition, for the wire. */
  get definition(): TaskDefinition | undefined {
    return this.#definition;
  }

  /** For async waits: the action, importing its module if need be. */
  async resolve(): Promise<BarrierAction | undefined> {
    const definition = this.#definition;
    if (definition === undefined || this.#fn !== undefined) return this.#fn;
    this.#fn = lookup(definition) ?? ((await resolveTask(definition)) as BarrierAction);
    return this.#fn;
  }

  /** For waitSync: the action; throws if its module is not loaded in this thread. */
  resolveSync(): BarrierAction | undefined {
    const definition = this.#definition;
    if (definition === undefined || this.#fn !== undefined) return this.#fn;
    const fn = lookup(definition);
    if (fn === undefined) {
      const where = definition.kind === 'module' ? definition.moduleUrl : '';
      throw new TaskDefinitionError(
        'ERR_TASK_NOT_LOADED',
        `the Barrier action "${definition.name}" lives in ${where}, which this thread has not imported; ` +
          'waitSync() cannot import it — import that module in this thread first, or use await barrier.wait()',
      );
    }
    this.#fn = fn;
    return fn;
  }
}
