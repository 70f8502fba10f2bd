// Floor: SharedArrayBuffer ping-pong. Slots: 0 request sequence, 1 reply sequence, 2 input,
// 3 output. The worker blocks in Atomics.wait; a negative request sequence stops it.
import { workerData } from 'node:worker_threads';
import { inc } from './kernels.mjs';

const slots = new Int32Array(workerData);
let seen = 0;
for (;;) {
  Atomics.wait(slots, 0, seen);
  seen = Atomics.load(slots, 0);
  if (seen < 0) break;
  slots[3] = inc(slots[2]);
  Atomics.store(slots, 1, seen);
  Atomics.notify(slots, 1);
}
