/** Floors: bare worker_threads with no pool in between, the least any pool can cost. */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

const file = (name: string) => new URL(`./workers/${name}`, import.meta.url);

/** A worker that answers a number with number + 1 and an ArrayBuffer with its byteLength. */
export async function startEchoWorker(): Promise<Worker> {
  const worker = new Worker(file('raw-echo.mjs'));
  await once(worker, 'online');
  return worker;
}

/** The Atomics ping-pong worker over `slots` (see workers/raw-atomics.mjs). */
export async function startAtomicsWorker(slots: Int32Array): Promise<Worker> {
  const worker = new Worker(file('raw-atomics.mjs'), { workerData: slots.buffer });
  await once(worker, 'online');
  return worker;
}

/**
 * Posts every value at once (round-robin over `workers`) and resolves with the replies' sum
 * when all have arrived.
 */
export function bulkRoundTrip(
  workers: readonly Worker[],
  values: readonly unknown[],
  transfer: boolean,
): Promise<number> {
  return new Promise((resolve) => {
    let pending = values.length;
    let sum = 0;
    const onReply = (reply: number) => {
      sum += reply;
      if (--pending === 0) {
        for (const worker of workers) worker.off('message', onReply);
        resolve(sum);
      }
    };
    for (const worker of workers) worker.on('message', onReply);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const worker = workers[i % workers.length]!;
      if (transfer) worker.postMessage(value, [value as ArrayBuffer]);
      else worker.postMessage(value);
    }
  });
}

/** One request, one reply. */
export function roundTrip(worker: Worker, value: number): Promise<number> {
  return new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage(value);
  });
}

/** Atomics.waitAsync (Node ≥ 16) is typed only from lib es2024 on; the project targets es2023. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(array: Int32Array, index: number, value: number): { async: boolean; value: unknown };
  }
).waitAsync;

/** One request through the shared slots; the worker blocks in Atomics.wait, we use waitAsync. */
export async function atomicsRoundTrip(slots: Int32Array, seq: number, value: number): Promise<number> {
  slots[2] = value;
  Atomics.store(slots, 0, seq);
  Atomics.notify(slots, 0);
  while (Atomics.load(slots, 1) !== seq) {
    const waiting = waitAsync(slots, 1, seq - 1);
    if (waiting.async) await waiting.value;
  }
  return slots[3]!;
}

export async function stopAtomicsWorker(worker: Worker, slots: Int32Array): Promise<void> {
  const exited = once(worker, 'exit');
  Atomics.store(slots, 0, -1);
  Atomics.notify(slots, 0);
  await exited;
}
