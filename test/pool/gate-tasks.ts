/** Tasks the pool tests run on workers, coordinated through shared memory, not through time. */
import { defineTask } from '../../src/index.ts';

/**
 * Waits, without blocking its worker's event loop, until `cells[0]` is non-zero (the test opens
 * the gate), then returns `value`. `cells[1]` counts the runs that have started.
 */
export const gated = defineTask(import.meta.url, async function gated(cells: Int32Array, value?: unknown) {
  Atomics.add(cells, 1, 1);
  while (Atomics.load(cells, 0) === 0) await Atomics.waitAsync(cells, 0, 0, 100).value;
  return value;
});

/** Opens a gate made for {@link gated}: every task waiting on it returns. */
export function openGate(cells: Int32Array): void {
  Atomics.store(cells, 0, 1);
  Atomics.notify(cells, 0);
}

/** A fresh closed gate: `[open, started]` over a SharedArrayBuffer. */
export function newGate(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(8));
}
