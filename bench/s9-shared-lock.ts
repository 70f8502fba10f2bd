/**
 * S9 shared-memory Lock: uncontended acquire/release on the main thread (async) and in a worker
 * (acquireSync), and two workers contending for one lock (holdSync), vs a raw SharedArrayBuffer
 * + Atomics spin-then-wait mutex (the floor) and, on the main thread, async-mutex.
 */
import { Worker } from 'node:worker_threads';
import { Mutex } from 'async-mutex';
import { ThreadPoolExecutor } from 'spindle';
import { Lock } from 'spindle/threading';
import { check, type Entry, floor, type Metrics, type RunContext, type Scenario } from './scenario.ts';
import { now } from './stats.ts';

const sizes = (context: RunContext) => ({
  mainSolo: context.quick ? 200_000 : 1_000_000,
  workerSolo: context.quick ? 500_000 : 2_000_000,
  contended: context.quick ? 100_000 : 400_000,
});

/**
 * The floor, as source shared by the main thread and eval'd workers: Drepper's futex mutex
 * (0 free, 1 locked, 2 locked with sleepers), spinning briefly on CAS before sleeping.
 */
const RAW_MUTEX = `
function rawLock(w) {
  for (let i = 0; i < 100; i++) if (Atomics.compareExchange(w, 0, 0, 1) === 0) return;
  let c = Atomics.exchange(w, 0, 2);
  while (c !== 0) { Atomics.wait(w, 0, 2); c = Atomics.exchange(w, 0, 2); }
}
function rawUnlock(w) {
  if (Atomics.sub(w, 0, 1) !== 1) { Atomics.store(w, 0, 0); Atomics.notify(w, 0, 1); }
}`;

/** The floor's worker: waits for the go word, runs `n` lock → increment → unlock, reports ms. */
const RAW_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
${RAW_MUTEX}
const { lock, counter, gate, n } = workerData;
const w = new Int32Array(lock), c = new Int32Array(counter), g = new Int32Array(gate);
Atomics.add(g, 1, 1); Atomics.notify(g, 1);
Atomics.wait(g, 0, 0);
const start = performance.timeOrigin + performance.now();
for (let i = 0; i < n; i++) { rawLock(w); c[0] = c[0] + 1; rawUnlock(w); }
parentPort.postMessage([start, performance.timeOrigin + performance.now()]);`;

/** Main-thread form of the floor: the same CAS, behind an async call like the libraries'. */
async function rawAcquire(w: Int32Array): Promise<void> {
  while (Atomics.compareExchange(w, 0, 0, 1) !== 0) await Atomics.waitAsync(w, 0, 1).value;
}
function rawRelease(w: Int32Array): void {
  Atomics.store(w, 0, 0);
  Atomics.notify(w, 0, 1);
}

/** `n` × await acquire → increment → release on the main thread; acquisitions per second. */
async function mainSolo(system: string, n: number): Promise<number> {
  const counter = { value: 0 };
  let acquire: () => Promise<unknown>;
  let release: (token: unknown) => void;
  if (system === 'spindle') {
    const lock = new Lock();
    acquire = () => lock.acquire();
    release = () => lock.release();
  } else if (system === 'async-mutex') {
    const mutex = new Mutex();
    acquire = () => mutex.acquire();
    release = (token) => (token as () => void)();
  } else {
    const w = new Int32Array(new SharedArrayBuffer(4));
    acquire = () => rawAcquire(w);
    release = () => rawRelease(w);
  }
  const start = now();
  for (let i = 0; i < n; i++) {
    const token = await acquire();
    counter.value++;
    release(token);
  }
  const ms = now() - start;
  check(`${system} main-thread acquisitions`, counter.value, n);
  return n / (ms / 1000);
}

/**
 * spindle workers: each waits for the go word, then `n` × holdSync → increment. Inline so the
 * scenario stays one file; the Lock arrives in the worker as the same Lock.
 */
function spindleHammer(lock: Lock, counter: Int32Array, gate: Int32Array, n: number): number[] {
  Atomics.add(gate, 1, 1);
  Atomics.notify(gate, 1);
  Atomics.wait(gate, 0, 0);
  const start = performance.timeOrigin + performance.now();
  for (let i = 0; i < n; i++) {
    const held = lock.holdSync(); // not \`using\`: transpiled, it would need helpers the worker lacks
    counter[0] = counter[0]! + 1;
    held.release();
  }
  return [start, performance.timeOrigin + performance.now()];
}

/** `threads` workers × `n` locked increments, released together; total acquisitions per second. */
async function inWorkers(system: string, threads: number, n: number, pool?: ThreadPoolExecutor) {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const gate = new Int32Array(new SharedArrayBuffer(8));
  let spans: Promise<number[]>[];
  if (system === 'spindle') {
    const lock = new Lock();
    spans = Array.from({ length: threads }, () =>
      pool!.submit(spindleHammer, lock, counter, gate, n).result(),
    );
  } else {
    const lock = new SharedArrayBuffer(4);
    spans = Array.from({ length: threads }, () => {
      const worker = new Worker(RAW_WORKER, {
        eval: true,
        workerData: { lock, counter: counter.buffer, gate: gate.buffer, n },
      });
      return new Promise<number[]>((resolve, reject) => {
        worker.once('message', (span: number[]) => void worker.terminate().then(() => resolve(span)));
        worker.once('error', reject);
      });
    });
  }
  for (let ready = Atomics.load(gate, 1); ready < threads; ready = Atomics.load(gate, 1)) {
    await Atomics.waitAsync(gate, 1, ready, 100).value;
  }
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
  const done = await Promise.all(spans);
  check(`${system} ${threads}-thread acquisitions`, counter[0], threads * n);
  const ms = Math.max(...done.map((s) => s[1]!)) - Math.min(...done.map((s) => s[0]!));
  return (threads * n) / (ms / 1000);
}

async function measure(entryId: string, context: RunContext): Promise<Metrics> {
  const n = sizes(context);
  const system = entryId === 'raw-atomics' ? 'raw' : entryId;
  await mainSolo(system, n.mainSolo / 10);
  const main = await mainSolo(system, n.mainSolo);
  if (system === 'async-mutex') {
    return { mainSolo: main, workerSolo: Number.NaN, contended: Number.NaN };
  }
  await using pool = system === 'spindle' ? new ThreadPoolExecutor({ maxWorkers: 2 }) : undefined;
  await inWorkers(system, 2, n.contended / 10, pool);
  const solo = await inWorkers(system, 1, n.workerSolo, pool);
  const contended = await inWorkers(system, 2, n.contended, pool);
  return { mainSolo: main, workerSolo: solo, contended };
}

const ENTRIES: Entry[] = [
  { id: 'spindle', label: 'spindle (threading Lock)', system: 'spindle' },
  { id: 'async-mutex', label: 'async-mutex (Mutex, one thread only)', system: 'async-mutex' },
  floor('raw-atomics', 'floor: raw SAB + Atomics mutex'),
];

export const s9: Scenario = {
  id: 'S9',
  title: 'Shared-memory Lock: uncontended and 2-thread contended acquire/release',
  entries: ENTRIES,
  metrics: [
    { key: 'mainSolo', label: 'main async ops/s', better: 'higher', digits: 0, ratio: true, chart: true },
    { key: 'workerSolo', label: 'worker sync ops/s', better: 'higher', digits: 0, ratio: true },
    { key: 'contended', label: '2 workers ops/s', better: 'higher', digits: 0, ratio: true },
  ],
  describe: (context) => {
    const n = sizes(context);
    const f = (v: number) => v.toLocaleString('en-US');
    return `Main thread: ${f(n.mainSolo)} × \`await acquire(); counter++; release()\`. Worker: ${f(n.workerSolo)} × \`acquireSync\` → increment → release in one worker. Contended: 2 workers × ${f(n.contended)} locked increments of one shared counter, started together by a shared go word. Acquisitions per second, after a warm-up.`;
  },
  notes: [
    'The floor is a bare futex mutex (0 free / 1 locked / 2 locked with sleepers, 100 CAS spins before Atomics.wait); on the main thread it waits with Atomics.waitAsync behind an async call like the libraries.',
    'spindle workers receive the Lock as a task argument (same shared memory); the raw floor uses bare `new Worker` threads. Only the timed loop counts, not worker start-up.',
    'async-mutex cannot be shared between threads, so it has only the main-thread column.',
    "spindle's Lock is robust (it notices a dead owner) and never spins: a contended acquire sleeps at once, which costs a context switch per handoff on 2 vCPUs.",
    'Every run checks that the shared counter equals the number of acquisitions (no lost update).',
  ],
  measure,
};
