/**
 * Worker-thread entry: connects the worker loop to the shared-memory channels its calls arrive on
 * and its answers leave by (wire/channel-layout.ts). With nothing to run, the worker sleeps on its
 * calls channel in `Atomics.wait` when nothing else is pending in its event loop (idle-sleep.ts),
 * and waits in its event loop otherwise. Loaded by the thread runtime's bootstrap.
 */
import { workerData } from 'node:worker_threads';
import { ChannelReceiver } from '../wire/channel-receiver.ts';
import { ChannelSender } from '../wire/channel-sender.ts';
import type { WorkerBoot } from '../wire/protocol.ts';
import { IdleSleep } from './idle-sleep.ts';
import { adoptThreadTable } from './thread-table.ts';
import { WorkerLoop } from './worker-loop.ts';

const boot = workerData as WorkerBoot;
if (boot.threadTable) adoptThreadTable(boot.threadTable);
const { calls: callEnd, answers: answerEnd } = boot.channels!;
const calls = new ChannelReceiver(callEnd.buffer, callEnd.port);
const answers = new ChannelSender(answerEnd.buffer, answerEnd.port, 'message');
// Calls arrive through shared memory, which keeps no thread alive: the port does (it is only
// read with receiveMessageOnPort, so it delivers no events of its own).
calls.port.ref();
let sleep: IdleSleep | undefined;
void new WorkerLoop(
  {
    post: (batch, transfer) => answers.send(batch, transfer),
    onMessage: (handler) => {
      calls.listen(handler);
      // After the listener: the ports open now are spindle's own (see IdleSleep).
      sleep = new IdleSleep(calls, handler);
    },
    idle: (stillIdle) => sleep?.idle(stillIdle),
  },
  boot,
).start();
