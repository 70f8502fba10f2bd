/** Tasks of the week 4 producer–consumer exercise: each is a named function a worker can import. */
import { defineTask } from 'spindle';
import type { Queue } from 'spindle/queue';

/** Python's time.sleep in a worker thread: blocks it for `ms`. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const uniform = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

/** Puts item-00 … item-19, pausing 50–100 ms after each, then one `null` sentinel per consumer. */
export const producer = defineTask(
  import.meta.url,
  function producer(workQ: Queue<string | null>, consumers: number) {
    for (let i = 0; i < 20; i++) {
      const item = `item-${String(i).padStart(2, '0')}`;
      workQ.putSync(item);
      console.log(`  Produced: ${item}`);
      sleepSync(uniform(50, 100));
    }
    for (let c = 0; c < consumers; c++) workQ.putSync(null);
  },
);

/** Takes items until a sentinel, "processing" each for 100–300 ms; marks every item done. */
export const consumer = defineTask(
  import.meta.url,
  function consumer(workQ: Queue<string | null>, cid: number) {
    for (;;) {
      const item = workQ.getSync();
      if (item === null) {
        workQ.taskDone();
        break;
      }
      sleepSync(uniform(100, 300));
      console.log(`  Consumer-${cid}: processed ${item}`);
      workQ.taskDone();
    }
  },
);
