import type { TransferListItem } from 'node:worker_threads';
import { CancelledError, serializeError } from '../errors.ts';
import { type TaskContext, taskContextStore } from '../tasks/current-task.ts';
import type { TaskDefinition } from '../tasks/describe.ts';
import { explainClosureError, resolveTask } from '../tasks/resolve.ts';
import { forEachRecord, Outbox } from '../wire/outbox.ts';
import { FromWorker, fromWorkerArity, ToWorker, toWorkerArity, type WorkerBoot } from '../wire/protocol.ts';

/** The worker side of a transport: a thread's parentPort or a child process's IPC channel. */
export interface WorkerPort {
  post(batch: unknown[], transfer: TransferListItem[]): void;
  onMessage(handler: (batch: unknown[]) => void): void;
}

interface Call {
  callId: number;
  taskId: number;
  args: unknown[];
  chunked: boolean;
}

interface ResolvedTask {
  fn: Function;
  name: string;
  inline: boolean;
}

/**
 * Runs calls one at a time, in arrival order (a worker is one Python thread: one task at a time),
 * and reports results in batches. A task's AbortSignal is available through `currentTask()`.
 */
export class WorkerLoop {
  readonly #outbox: Outbox;
  readonly #definitions = new Map<number, TaskDefinition>();
  readonly #tasks = new Map<number, ResolvedTask>();
  readonly #queue: Call[] = [];
  #head = 0;
  #running: { callId: number; controller: AbortController } | undefined;
  #draining = false;
  #ready = false;

  constructor(
    private readonly port: WorkerPort,
    private readonly boot: WorkerBoot,
  ) {
    this.#outbox = new Outbox(fromWorkerArity, port.post, (batch, error) =>
      this.#resendOneByOne(batch, error),
    );
  }

  /** Runs the initializer, then reports READY (or INIT_FAILED) and starts taking calls. */
  async start(): Promise<void> {
    this.port.onMessage((batch) => this.#receive(batch));
    try {
      if (this.boot.initializer) {
        const init = await resolveTask(this.boot.initializer);
        await init(...this.boot.initargs);
      }
    } catch (error) {
      this.#outbox.push(FromWorker.INIT_FAILED, serializeError(error));
      return;
    }
    this.#ready = true;
    this.#outbox.push(FromWorker.READY);
    this.#drain();
  }

  #receive(batch: unknown[]): void {
    forEachRecord(batch, toWorkerArity, (op, a, b, c, d, e) => {
      if (op === ToWorker.RUN) {
        if (c !== 0) this.#definitions.set(b as number, c as TaskDefinition);
        this.#queue.push({
          callId: a as number,
          taskId: b as number,
          args: d as unknown[],
          chunked: e === 1,
        });
      } else if (op === ToWorker.CANCEL) {
        this.#cancel(a as number);
      }
    });
    if (this.#ready && !this.#draining) this.#drain();
  }

  #cancel(callId: number): void {
    if (this.#running?.callId === callId) {
      this.#running.controller.abort(new CancelledError('the task was cancelled by its caller'));
      return;
    }
    const index = this.#queue.findIndex((call, i) => i >= this.#head && call.callId === callId);
    if (index < 0) return;
    this.#queue.splice(index, 1);
    this.#outbox.push(FromWorker.FAILED, callId, serializeError(new CancelledError()));
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    while (this.#head < this.#queue.length) {
      const call = this.#queue[this.#head++]!;
      const controller = new AbortController();
      this.#running = { callId: call.callId, controller };
      try {
        const task = this.#tasks.get(call.taskId) ?? (await this.#resolve(call.taskId));
        const context: TaskContext = { signal: controller.signal, name: task.name };
        let value = call.chunked
          ? await this.#runChunk(task, context, call.args)
          : taskContextStore().run(context, task.fn as (...a: unknown[]) => unknown, ...call.args);
        // Only async results cost a turn of the microtask queue.
        if (isThenable(value)) value = await value;
        this.#outbox.push(FromWorker.DONE, call.callId, value);
      } catch (error) {
        this.#outbox.push(FromWorker.FAILED, call.callId, serializeError(this.#explain(call.taskId, error)));
      }
    }
    // The queue only ever holds the calls in flight to this worker, so it is reset, not compacted.
    this.#queue.length = 0;
    this.#head = 0;
    this.#running = undefined;
    this.#draining = false;
  }

  /** Runs the task over each item; stops at the first error and returns what finished before it. */
  async #runChunk(task: ResolvedTask, context: TaskContext, items: unknown[]): Promise<[unknown[], unknown]> {
    const results: unknown[] = [];
    const store = taskContextStore();
    for (const item of items) {
      try {
        const value = store.run(context, task.fn as (a: unknown) => unknown, item);
        results.push(isThenable(value) ? await value : value);
      } catch (error) {
        return [results, serializeError(explainClosureErrorFor(task, error))];
      }
    }
    return [results, undefined];
  }

  async #resolve(taskId: number): Promise<ResolvedTask> {
    const definition = this.#definitions.get(taskId);
    if (definition === undefined) throw new Error(`spindle: worker received call for unknown task ${taskId}`);
    const fn = await resolveTask(definition);
    const task = { fn, name: definition.name, inline: definition.kind === 'inline' };
    this.#tasks.set(taskId, task);
    this.#definitions.delete(taskId);
    return task;
  }

  #explain(taskId: number, error: unknown): unknown {
    const task = this.#tasks.get(taskId);
    return task ? explainClosureErrorFor(task, error) : error;
  }

  /** A batch failed to post (a result that cannot be cloned): send record by record, failing only the bad ones. */
  #resendOneByOne(batch: unknown[], _error: unknown): void {
    forEachRecord(batch, fromWorkerArity, (op, a, b) => {
      const record = fromWorkerArity[op] === 0 ? [op] : fromWorkerArity[op] === 1 ? [op, a] : [op, a, b];
      try {
        this.port.post(record, []);
      } catch (error) {
        const reason = new TypeError(
          `the task's result cannot be sent back to the caller: ${(error as Error).message}`,
          { cause: error },
        );
        this.port.post([FromWorker.FAILED, a, serializeError(reason)], []);
      }
    });
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function explainClosureErrorFor(task: ResolvedTask, error: unknown): unknown {
  return task.inline ? explainClosureError(error, task.name) : error;
}
