// S6 floor: a bare Worker that answers one message, then the process exits.
import { Worker } from 'node:worker_threads';

const worker = new Worker(
  "require('node:worker_threads').parentPort.once('message', (x) => require('node:worker_threads').parentPort.postMessage(x + 1))",
  { eval: true },
);
worker.postMessage(1);
worker.once('message', (x) => {
  if (x !== 2) throw new Error('wrong result');
  void worker.terminate();
});
