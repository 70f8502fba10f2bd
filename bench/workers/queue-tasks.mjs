// S10: the two ends of a stream of items between two worker threads, through a spindle Queue
// (shared memory, no relay) or through a MessageChannel (port1.postMessage → port2 'message').
// Each consumer raises `ready` when it runs, so that the producer is sent to the other thread.
import { defineTask } from 'spindle';

/** The item number i, small (a number) or a ~100-byte object. */
function item(shape, i) {
  return shape === 'number'
    ? i
    : { id: i, name: `item-${i}`, tags: ['alpha', 'beta'], score: i / 2, ok: true };
}

/** Sums the ids of the items, so that a lost or duplicated item changes the result. */
function idOf(value) {
  return typeof value === 'number' ? value : value.id;
}

export const queueProduce = defineTask(import.meta.url, function queueProduce(q, n, shape) {
  for (let i = 0; i < n; i++) q.putSync(item(shape, i));
  return n;
});

export const queueConsume = defineTask(import.meta.url, function queueConsume(q, n, ready) {
  Atomics.store(ready, 0, 1);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += idOf(q.getSync());
  return sum;
});

export const relayProduce = defineTask(import.meta.url, function relayProduce(port, n, shape) {
  for (let i = 0; i < n; i++) port.postMessage(item(shape, i));
  return n;
});

export const relayConsume = defineTask(import.meta.url, function relayConsume(port, n, ready) {
  Atomics.store(ready, 0, 1);
  return new Promise((resolve) => {
    let sum = 0;
    let left = n;
    port.on('message', (value) => {
      sum += idOf(value);
      if (--left === 0) {
        port.close();
        resolve(sum);
      }
    });
  });
});
