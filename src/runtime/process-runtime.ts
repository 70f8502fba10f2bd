import type { ChildProcess } from 'node:child_process';
import type { Batch } from '../wire/outbox.ts';
import type { WorkerBoot } from '../wire/protocol.ts';
import { SentClaims } from '../wire/sent-claims.ts';
import { entryUrl, type ForkOptions, forkEntry } from './fork.ts';
import { CHILD_CRASH, CHILD_HELLO, type ChildCrash } from './process-entry-protocol.ts';
import type { Runtime, SpawnOptions, WorkerHandle, WorkerListener } from './runtime.ts';

const entry = entryUrl('process-entry');

/** Settings of a process runtime. */
export interface ProcessRuntimeOptions extends ForkOptions {
  /** ms between SIGTERM and SIGKILL when a child is terminated. */
  killGrace: number;
}

/**
 * Runs workers as child processes (`child_process.fork`, structured-clone IPC). The child asks
 * for its boot settings once it listens (so nothing sent early is lost), then speaks the same
 * batches as a worker thread. Terminating sends SIGTERM, then SIGKILL after `killGrace`.
 */
export function processRuntime(options: ProcessRuntimeOptions): Runtime {
  return {
    spawn(spawn: SpawnOptions, listener: WorkerListener): WorkerHandle {
      const boot: WorkerBoot = { ...spawn.boot, entry, tsxApi: undefined };
      let crash: Error | undefined;
      let exited = false;
      const report = (exitCode: number | null, signal: string | null) => {
        if (exited) return;
        exited = true;
        listener.exit({ exitCode, signal, error: crash });
      };
      const child = forkEntry(entry, options, (error) => {
        crash = error;
        report(null, null);
      });
      child.on('message', (message: Batch | typeof CHILD_HELLO | ChildCrash) => {
        if (Array.isArray(message)) listener.message(message);
        else if (message === CHILD_HELLO) child.send(boot);
        else if (typeof message === 'object' && message?.[CHILD_CRASH]) crash = reviveCrash(message);
      });
      // 'close' rather than 'exit': it comes after the last IPC message has been read.
      child.on('close', (exitCode, signal) => report(exitCode, signal));
      return {
        post: (batch) => {
          if (child.connected) child.send(batch);
        },
        ref: () => {
          child.ref();
          child.channel?.ref();
        },
        unref: () => {
          child.unref();
          child.channel?.unref();
        },
        terminate: () => terminate(child, options.killGrace),
      };
    },
    createClaims: (capacity) => new SentClaims(capacity),
  };
}

/**
 * SIGTERM now, SIGKILL if the child is still there after `grace` ms. The child and its channel are
 * ref'd again so that whoever waits for its exit (shutdown) is not cut short by this process
 * running out of work.
 */
export function terminate(child: ChildProcess, grace: number): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // The IPC channel too: 'close', which reports the exit, waits for the channel's end as well.
  child.ref();
  child.channel?.ref();
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, grace);
  child.once('exit', () => clearTimeout(timer));
}

function reviveCrash(message: ChildCrash): Error {
  const { name, message: text, stack } = message[CHILD_CRASH];
  const error = new Error(text);
  error.name = name;
  if (stack) error.stack = stack;
  return error;
}
