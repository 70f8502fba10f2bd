/** Thread targets used by the threading examples: named functions a worker thread can import. */
import { defineTask, type Value } from 'spindle';
import type { Barrier, Lock } from 'spindle/threading';

/** Blocks this worker thread for `ms` (Python's `time.sleep`: fine on a thread of its own). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Chapter 13 §1: `worker(n)` prints, simulates work, prints again. */
export const worker = defineTask(import.meta.url, function worker(n: number) {
  console.log(`Thread ${n} starting`);
  sleep(500); // simulate work
  console.log(`Thread ${n} done`);
});

/** Chapter 13 §1: `safe_increment` — a read-modify-write made safe by the lock, `times` times. */
export const safeIncrement = defineTask(
  import.meta.url,
  function safeIncrement(lock: Lock, counter: Value<'int32'>, times: number) {
    for (let i = 0; i < times; i++) {
      using _ = lock.holdSync(); // with lock:
      let temp = counter.value;
      temp += 1;
      counter.value = temp;
    }
  },
);

/**
 * The same read-modify-write without the lock: threads overwrite each other's updates. The
 * barrier lines the threads up so that their loops really overlap.
 */
export const unsafeIncrement = defineTask(
  import.meta.url,
  function unsafeIncrement(start: Barrier, counter: Value<'int32'>, times: number) {
    start.waitSync();
    for (let i = 0; i < times; i++) {
      let temp = counter.value;
      temp += 1;
      counter.value = temp;
    }
  },
);

/** Week 4 §2: `increment(n)` — `with lock: counter += 1`, n times. */
export const increment = defineTask(
  import.meta.url,
  function increment(lock: Lock, counter: Value<'int32'>, n: number) {
    for (let i = 0; i < n; i++) {
      using _ = lock.holdSync();
      counter.value += 1;
    }
  },
);

/** Bytes per result slot in {@link fetchInto}'s shared results buffer. */
export const SLOT_BYTES = 256;

/**
 * Week 4 §1: `fetch(url, results, idx)` — downloads `url` and writes the body into slot `idx` of
 * a shared buffer (a Python list is shared by reference; in Node, threads share memory only).
 * Each slot holds a length word followed by the UTF-8 bytes.
 */
export const fetchInto = defineTask(
  import.meta.url,
  async function fetchInto(url: string, results: SharedArrayBuffer, idx: number) {
    const body = await (await fetch(url)).text();
    const slot = new Uint8Array(results, idx * SLOT_BYTES + 4, SLOT_BYTES - 4);
    const { written } = new TextEncoder().encodeInto(body, slot);
    new Int32Array(results, idx * SLOT_BYTES, 1)[0] = written;
  },
);
