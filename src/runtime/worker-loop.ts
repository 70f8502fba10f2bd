import type { TransferListItem } from 'node:worker_threads';
import { CancelledError } from '../errors.ts';
import { type TaskContext, taskContextStore } from '../tasks/current-task.ts';
import type { TaskDefinition } from '../tasks/describe.ts';
import { setProgramMain } from '../tasks/main-script.ts';
import { explainClosureError, resolveTask } from '../tasks/resolve.ts';
import { CallClaims } from '../wire/call-claims.ts';
import { serializeError } from '../wire/error-codec.ts';
import { type Batch, BatchReader, Outbox } from '../wire/outbox.ts';
import {
  FromWorker,
  RunFlags,
  ToWorker,
  type WorkerBoot,
  writeAnswer,
  writeInitFailed,
  writeReady,
} from '../wire/protocol.ts';
import { reviveShared } from '../wire/shared-codec.ts';
import { loadSharedKinds } from './shared-kinds-loader.ts';

/** The worker side of a transport: a thread's shared-memory channels, or a child process's IPC channel. */
export interface WorkerPort {
  post(batch: Batch, transfer: TransferListItem[]): void;
  onMessage(handler: (batch: Batch) => void): void;
  /**
   * The loop has no call to run. A thread's port may then block until the next batch arrives
   * (runtime/idle-sleep.ts), delivering it to the `onMessage` handler, if `stillIdle()` still
   * holds when it gets to it.
   */
  idle?(stillIdle: () => boolean): void;
}

interface Call {
  callId: number;
  cell: number;
  taskId: number;
  /** The single argument (SINGLE_ARG), or the arguments, or a chunk's items. */
  args: unknown;
  flags: number;
}

interface ResolvedTask {
  fn: Function;
  name: string;
  inline: boolean;
}

/**
 * Sync tasks run back to back for at most this long before results are flushed and the event
 * loop gets a turn (so timers and I/O started by tasks keep running, unlike piscina #331).
 */
const SLICE_MS = 4;

/** The context of the running call; its AbortController is only created if the task asks for it. */
class RunningCall implements TaskContext {
  #controller: AbortController | undefined;
  #reason: unknown;
  #aborted = false;

  constructor(
    readonly callId: number,
    readonly name: string,
  ) {}

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}

/**
 * Runs calls one at a time, in arrival order (a worker is one Python thread: one task at a time),
 * and reports results in batches. A call runs only if it wins its claim cell, so one the pool has
 * taken back (cancelled, stolen by an idle worker) is skipped. A task's AbortSignal is available
 * through `currentTask()`.
 */
export class WorkerLoop {
  readonly #outbox: Outbox;
  /** Undefined in a child process: it starts every call it receives (see SentClaims). */
  readonly #claims: CallClaims | undefined;
  /** Calls cancelled before this worker started them (a process has no claim cells to lose them by). */
  readonly #cancelledEarly = new Set<number>();
  readonly #definitions = new Map<number, TaskDefinition>();
  readonly #tasks = new Map<number, ResolvedTask>();
  readonly #queue: Call[] = [];
  #head = 0;
  #running: RunningCall | undefined;
  #draining = false;
  #ready = false;
  readonly #idle = () => !this.#draining && this.#head === this.#queue.length;

  constructor(
    private readonly port: WorkerPort,
    private readonly boot: WorkerBoot,
  ) {
    this.#claims = boot.claims === undefined ? undefined : new CallClaims(boot.claims);
    setProgramMain(boot.mainScript);
    this.#outbox = new Outbox(port.post, (batch) => this.#resendOneByOne(batch));
  }

  /** Runs the initializer, then reports READY (or INIT_FAILED) and starts taking calls. */
  async start(): Promise<void> {
    this.#flushBeforeDying();
    this.port.onMessage((batch) => this.#receive(batch));
    try {
      if (this.boot.initializer) {
        const init = await resolveTask(this.boot.initializer);
        if (this.boot.initargs.length > 0) await loadSharedKinds();
        await init(...(reviveShared(this.boot.initargs) as unknown[]));
      }
    } catch (error) {
      writeInitFailed(this.#outbox, serializeError(error));
      return;
    }
    const { preload } = this.boot;
    if (preload) {
      // Import the first task's module now rather than one round trip after READY. A failure is
      // left for that task's own call to report.
      this.#definitions.set(preload.id, preload.definition);
      await this.#resolve(preload.id).catch(() => undefined);
    }
    this.#ready = true;
    writeReady(this.#outbox);
    void this.#drain();
  }

  /**
   * Results wait in the outbox until the end of the turn; a task that kills the worker
   * (`process.exit()`, an uncaught error) must not take the results of the calls that finished
   * before it down with it. Out-of-memory deaths cannot be intercepted: calls whose results were
   * still unsent then fail with WorkerCrashedError, never silently.
   */
  #flushBeforeDying(): void {
    const exit = process.exit.bind(process);
    process.exit = ((code?: number | string | null) => {
      this.#outbox.flush();
      return exit(code as number);
    }) as typeof process.exit;
    process.on('uncaughtExceptionMonitor', () => this.#outbox.flush());
  }

  #receive(batch: Batch): void {
    const reader = new BatchReader(batch);
    while (reader.more) {
      const op = reader.int();
      if (op === ToWorker.RUN) {
        const callId = reader.int();
        const cell = reader.int();
        const taskId = reader.int();
        const flags = reader.int();
        if (flags & RunFlags.HAS_DEFINITION) this.#definitions.set(taskId, reader.value() as TaskDefinition);
        this.#queue.push({ callId, cell, taskId, args: reader.value(), flags });
      } else if (op === ToWorker.CANCEL) {
        const callId = reader.int();
        if (this.#running?.callId === callId) {
          this.#running.abort(new CancelledError('the task was cancelled by its caller'));
        } else {
          this.#cancelledEarly.add(callId);
        }
      } else throw new Error(`spindle wire: unknown op ${op}`);
    }
    if (this.#ready && !this.#draining) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    let sliceStart = performance.now();
    while (this.#head < this.#queue.length) {
      const call = this.#queue[this.#head++]!;
      if (this.#claims !== undefined && !this.#claims.start(call.cell, call.callId)) continue; // taken back
      if (this.#cancelledEarly.size > 0 && this.#cancelledEarly.delete(call.callId)) {
        // The pool already failed it; answering lets it keep this worker instead of terminating it.
        this.#fail(call.callId, undefined, new CancelledError('the task was cancelled before it started'));
        continue;
      }
      let task = this.#tasks.get(call.taskId);
      if (task === undefined) {
        // First call of this task here: its module is imported (or its source compiled) once.
        try {
          task = await this.#resolve(call.taskId);
        } catch (error) {
          this.#fail(call.callId, undefined, error);
          continue;
        }
        sliceStart = performance.now();
      }
      const context = new RunningCall(call.callId, task.name);
      this.#running = context;
      let value: unknown;
      try {
        if (call.flags & RunFlags.HAS_SHARED) {
          await loadSharedKinds();
          call.args = reviveShared(call.args);
        }
        value =
          call.flags & RunFlags.CHUNKED
            ? this.#runChunk(task, context, call.args as unknown[])
            : invoke(task, context, call);
      } catch (error) {
        this.#fail(call.callId, task, error);
        continue;
      }
      if (isThenable(value)) {
        await this.#settleAsync(call.callId, task, value);
        sliceStart = performance.now();
      } else {
        writeAnswer(this.#outbox, FromWorker.DONE, call.callId, value);
      }
      if (performance.now() - sliceStart > SLICE_MS && this.#head < this.#queue.length) {
        this.#outbox.flush();
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    // The queue only ever holds the calls in flight to this worker, so it is reset, not compacted.
    this.#queue.length = 0;
    this.#head = 0;
    this.#cancelledEarly.clear(); // late CANCELs for calls that had already finished
    this.#running = undefined;
    this.#draining = false;
    this.port.idle?.(this.#idle);
  }

  async #settleAsync(callId: number, task: ResolvedTask, value: PromiseLike<unknown>): Promise<void> {
    try {
      writeAnswer(this.#outbox, FromWorker.DONE, callId, await value);
    } catch (error) {
      this.#fail(callId, task, error);
    }
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
        return [results, serializeError(explain(task, error))];
      }
    }
    return [results, undefined];
  }

  #fail(callId: number, task: ResolvedTask | undefined, error: unknown): void {
    writeAnswer(this.#outbox, FromWorker.FAILED, callId, serializeError(task ? explain(task, error) : error));
  }

  async #resolve(taskId: number): Promise<ResolvedTask> {
    const definition = this.#definitions.get(taskId);
    if (definition === undefined)
      throw new Error(`spindle: worker received a call for unknown task ${taskId}`);
    const fn = await resolveTask(definition);
    const task = { fn, name: definition.name, inline: definition.kind === 'inline' };
    this.#tasks.set(taskId, task);
    this.#definitions.delete(taskId);
    return task;
  }

  /** A batch failed to post (a result that cannot be cloned): send record by record, failing only the bad ones. */
  #resendOneByOne(batch: Batch): void {
    const reader = new BatchReader(batch);
    while (reader.more) {
      const op = reader.int();
      if (op === FromWorker.READY) {
        this.port.post([Int32Array.of(op), []], []);
        continue;
      }
      const callId = op === FromWorker.INIT_FAILED ? undefined : reader.int();
      const value = reader.value();
      const ints = callId === undefined ? Int32Array.of(op) : Int32Array.of(op, callId);
      try {
        this.port.post([ints, [value]], []);
      } catch (error) {
        const reason = new TypeError(
          `the task's result cannot be sent back to the caller: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
        // An INIT_FAILED record keeps its op; an answer becomes FAILED for the same call.
        if (callId !== undefined) ints[0] = FromWorker.FAILED;
        this.port.post([ints, [serializeError(reason)]], []);
      }
    }
  }
}

/** Calls the task with the call's arguments inside its context (so `currentTask()` finds it). */
function invoke(task: ResolvedTask, context: RunningCall, call: Call): unknown {
  const store = taskContextStore();
  return call.flags & RunFlags.SINGLE_ARG
    ? store.run(context, task.fn as (a: unknown) => unknown, call.args)
    : store.run(context, task.fn as (...a: unknown[]) => unknown, ...(call.args as unknown[]));
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** Inline tasks that read a variable the worker lacks were closures: say so. */
function explain(task: ResolvedTask, error: unknown): unknown {
  return task.inline ? explainClosureError(error, task.name) : error;
}
