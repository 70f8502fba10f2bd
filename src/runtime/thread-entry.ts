/** Worker-thread entry: connects the worker loop to `parentPort`. Loaded by the thread runtime's bootstrap. */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerBoot } from '../wire/protocol.ts';
import { adoptThreadTable } from './thread-table.ts';
import { WorkerLoop } from './worker-loop.ts';

const boot = workerData as WorkerBoot;
if (boot.threadTable) adoptThreadTable(boot.threadTable);
const port = parentPort!;
void new WorkerLoop(
  {
    post: (batch, transfer) => port.postMessage(batch, transfer),
    onMessage: (handler) => port.on('message', handler),
  },
  boot,
).start();
