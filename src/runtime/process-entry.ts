/**
 * Child-process entry of the process pool: asks the parent for its boot settings, then runs the
 * same {@link WorkerLoop} as a worker thread over the IPC channel. It exits when the channel
 * closes — the parent shut it down, exited, or was killed — so no child outlives its parent.
 */
import { TSX_REGISTERED } from '../tasks/typescript-loader.ts';
import { markWorkerProcess } from '../threading/block.ts';
import type { Batch } from '../wire/outbox.ts';
import type { WorkerBoot } from '../wire/protocol.ts';
import { CHILD_CRASH, CHILD_HELLO, type ChildCrash } from './process-entry-protocol.ts';
import { WorkerLoop } from './worker-loop.ts';

// This process exists to run tasks: its main thread may block in …Sync calls.
markWorkerProcess();

// tsx's loader came with the child's flags: `.ts` task modules import without registering it again.
if (process.execArgv.some((arg) => arg.includes('tsx'))) {
  (globalThis as { [TSX_REGISTERED]?: boolean })[TSX_REGISTERED] = true;
}
const send = process.send!.bind(process);
process.on('disconnect', () => process.exit(0));
process.on('uncaughtException', (error: Error) => {
  // Tell the parent why (a thread's parent gets the error object; a process's needs a message).
  const crash: ChildCrash = {
    [CHILD_CRASH]: { name: String(error?.name), message: String(error?.message), stack: error?.stack },
  };
  try {
    send(crash);
  } catch {}
  process.exit(1);
});
process.once('message', (boot: WorkerBoot) => {
  void new WorkerLoop(
    {
      post: (batch) => send(batch),
      // Only batches are the loop's; the parent also answers `.ts` compile questions here.
      onMessage: (handler) =>
        process.on('message', (message: unknown) => {
          if (Array.isArray(message)) handler(message as Batch);
        }),
    },
    boot,
  ).start();
});
send(CHILD_HELLO);
