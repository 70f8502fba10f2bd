import type { PoolTask } from './pool-task.ts';
import type { WorkerSlot } from './worker-slot.ts';

/**
 * The pool's workers: which exist, which are starting and which are ready, and the two
 * placement decisions — the least-loaded worker for a new call, and what an idle worker steals.
 */
export class WorkerSet {
  /** Every live worker, starting or ready. */
  readonly all = new Set<WorkerSlot>();
  /** Ready workers, in start order: the candidates for dispatch. */
  readonly ready: WorkerSlot[] = [];
  /** Workers spawned that have not reported READY (nor died) yet. */
  starting = 0;

  get size(): number {
    return this.all.size;
  }

  add(slot: WorkerSlot): void {
    this.all.add(slot);
    this.starting++;
  }

  markReady(slot: WorkerSlot): void {
    slot.ready = true;
    this.starting--;
    this.ready.push(slot);
  }

  /** Takes a worker out of dispatch (it is stopping); it stays in `all` until it exits. */
  retire(slot: WorkerSlot): void {
    const at = this.ready.indexOf(slot);
    if (at >= 0) this.ready.splice(at, 1);
  }

  /** Forgets an exited worker. */
  remove(slot: WorkerSlot): void {
    this.all.delete(slot);
    this.retire(slot);
    if (!slot.ready) this.starting--;
  }

  /** Ready workers holding calls. */
  busy(): number {
    let busy = 0;
    for (const slot of this.ready) if (slot.inflight.length > 0) busy++;
    return busy;
  }

  /** Calls sent to workers that wait behind the call each one runs. */
  prefetched(): number {
    let waiting = 0;
    for (const slot of this.ready) if (slot.inflight.length > 1) waiting += slot.inflight.length - 1;
    return waiting;
  }

  /** The ready worker with room and the fewest calls (an idle one as soon as it is found). */
  leastLoaded(): WorkerSlot | undefined {
    let best: WorkerSlot | undefined;
    for (const slot of this.ready) {
      if (!slot.hasRoom || slot.stopping) continue;
      if (best === undefined || slot.inflight.length < best.inflight.length) best = slot;
      if (best.inflight.length === 0) break;
    }
    return best;
  }

  /**
   * Withdraws, for an idle `thief`, about half of the not-yet-started calls of the busiest
   * worker, in their original order, so a long task never holds up the calls prefetched behind it.
   */
  stealFor(thief: WorkerSlot): PoolTask<unknown>[] {
    let victim: WorkerSlot | undefined;
    for (const slot of this.ready) {
      if (
        slot !== thief &&
        slot.inflight.length > 1 &&
        (!victim || slot.inflight.length > victim.inflight.length)
      ) {
        victim = slot;
      }
    }
    if (victim === undefined) return [];
    const stolen: PoolTask<unknown>[] = [];
    const want = Math.ceil((victim.inflight.length - 1) / 2);
    // From the tail: if a call there has started, every call before it has too (calls run in order).
    for (let i = victim.inflight.length - 1; i >= 1 && stolen.length < want; i--) {
      const task = victim.inflight[i]!;
      // A call whose arguments were transferred can only run where they were moved to.
      if (task.transfer?.length || !victim.withdraw(task)) break;
      stolen.push(task);
    }
    return stolen.reverse();
  }
}
