import type { TransferListItem } from 'node:worker_threads';
import { CancelledError } from '../errors.ts';
import type { TaskDefinition } from '../tasks/describe.ts';
import { setProgramMain } from '../tasks/main-script.ts';
import { resolveTask } from '../tasks/resolve.ts';
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
import { resendOneByOne } from './resend-one-by-one.ts';
import {
  type Call,
  explain,
  invoke,
  isThenable,
  type ResolvedTask,
  RunningCall,
  runChunk,
} from './running-call.ts';
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

/**
 * Sync tasks run back to back for at most this long before results are flushed and the event
 * loop gets a turn (so timers and I/O started by tasks keep running, unlike piscina #331).
 */
const SLICE_MS = 4;

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
    this.#outbox = new Outbox(port.post, (batch) => resendOneByOne(batch, port.post));
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
            ? runChunk(task, context, call.args as unknown[])
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
}
