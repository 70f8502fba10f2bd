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
import { prepareValues } from '../wire/cloneable.ts';

/**
 * A Barrier action: a defineTask task or a self-contained inline function, called with the
 * barrier's `actionArgs` (none by default).
 */
export type BarrierAction<A extends unknown[] = []> = (...args: A) => unknown;

/** Validates `action` and describes it for the wire. */
export function describeAction(action: unknown): TaskDefinition {
  return describeTask(action, 'Barrier action').definition;
}

/**
 * Validates `actionArgs` (an array of values a task could take, given with an action) and
 * returns them encoded for the wire.
 */
export function encodeActionArgs(args: unknown, hasAction: boolean): unknown[] {
  if (args === undefined) return [];
  if (!Array.isArray(args)) throw new TypeError('actionArgs must be an array');
  if (!hasAction) throw new TypeError('actionArgs needs an action to be passed to');
  return prepareValues(args, (i) => `actionArgs[${i}]`, 'thread').values;
}

type AnyAction = (...args: unknown[]) => unknown;

/** The callable for `definition`, or undefined if its module is not loaded in this thread. */
function lookup(definition: TaskDefinition): AnyAction | undefined {
  if (definition.kind === 'inline') return compileInline(definition.source) as AnyAction;
  return taskRegistry().get(taskKey(definition)) as AnyAction | undefined;
}

/** Caches the resolved action of one Barrier in one thread. */
export class ActionSlot {
  readonly #definition: TaskDefinition | undefined;
  #fn: AnyAction | undefined;

  constructor(definition: TaskDefinition | undefined) {
    this.#definition = definition;
  }

  /** The definition, for the wire. */
  get definition(): TaskDefinition | undefined {
    return this.#definition;
  }

  /** For async waits: the action, importing its module if need be. */
  async resolve(): Promise<AnyAction | undefined> {
    const definition = this.#definition;
    if (definition === undefined || this.#fn !== undefined) return this.#fn;
    this.#fn = lookup(definition) ?? ((await resolveTask(definition)) as AnyAction);
    return this.#fn;
  }

  /** For waitSync: the action; throws if its module is not loaded in this thread. */
  resolveSync(): AnyAction | undefined {
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
