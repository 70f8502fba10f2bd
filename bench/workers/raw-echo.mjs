// Floor: bare worker_threads messaging, no pool. A number comes back incremented, an
// ArrayBuffer as its byteLength.
import { parentPort } from 'node:worker_threads';
import { byteLength, inc } from './kernels.mjs';

parentPort.on('message', (value) => {
  parentPort.postMessage(typeof value === 'number' ? inc(value) : byteLength(value));
});
