/**
 * S7 async primitives on the main thread (no workers): Lock and Semaphore(4) acquire/release,
 * uncontended and with 100 concurrent async loops, vs async-mutex and async-sema.
 */
import { Mutex, Semaphore as MutexSemaphore } from 'async-mutex';
import { Sema } from 'async-sema';
import { Lock, Semaphore } from 'spindle/asyncio';
import { check, type Entry, type Metrics, type RunContext, type Scenario } from './scenario.ts';
import { now } from './stats.ts';

export const PRIMITIVE_SYSTEMS = ['spindle', 'async-mutex', 'async-sema'] as const;
type PrimitiveSystem = (typeof PRIMITIVE_SYSTEMS)[number];

const PERMITS = 4;
const LOOPS = 100;

const sizes = (context: RunContext) => ({
  solo: context.quick ? 200_000 : 1_000_000,
  rounds: context.quick ? 1_000 : 5_000,
  warmupSolo: 20_000,
  warmupRounds: 100,
});

/**
 * One lock or semaphore behind the same thin adapter for every library: `acquire()` resolves
 * with whatever the library hands back, `release(token)` gives it back the library's way.
 */
interface Gate {
  acquire(): Promise<unknown>;
  release(token: unknown): void;
}

function gate(system: PrimitiveSystem, permits: number): Gate {
  switch (system) {
    case 'spindle': {
      const g = permits === 1 ? new Lock() : new Semaphore(permits);
      return { acquire: () => g.acquire(), release: () => g.release() };
    }
    case 'async-mutex': {
      if (permits === 1) {
        const m = new Mutex();
        return { acquire: () => m.acquire(), release: (release) => (release as () => void)() };
      }
      const s = new MutexSemaphore(permits);
      return { acquire: () => s.acquire(), release: (held) => (held as [number, () => void])[1]() };
    }
    case 'async-sema': {
      const s = new Sema(permits);
      return { acquire: () => s.acquire(), release: () => s.release() };
    }
  }
}

/** Counts entries into the critical section and the most holders seen at once. */
class Tally {
  count = 0;
  holders = 0;
  maxHolders = 0;
  enter(): void {
    this.holders++;
    if (this.holders > this.maxHolders) this.maxHolders = this.holders;
  }
  leave(): void {
    this.count++;
    this.holders--;
  }
  verify(what: string, expectedCount: number, expectedMax: number): void {
    check(`${what} count`, this.count, expectedCount);
    check(`${what} most holders at once`, this.maxHolders, expectedMax);
    check(`${what} holders at the end`, this.holders, 0);
  }
}

/** `n` acquire → release in one loop: nobody ever waits. Returns acquisitions per second. */
async function solo(what: string, g: Gate, n: number): Promise<number> {
  const tally = new Tally();
  const start = now();
  for (let i = 0; i < n; i++) {
    const token = await g.acquire();
    tally.enter();
    tally.leave();
    g.release(token);
  }
  const ms = now() - start;
  tally.verify(`${what} uncontended`, n, 1);
  return n / (ms / 1000);
}

/**
 * LOOPS async loops share `g`, each `rounds` times acquire → yield once → release, so up to
 * `permits` hold it and the rest queue. Returns acquisitions per second.
 */
async function contended(what: string, g: Gate, permits: number, rounds: number): Promise<number> {
  const tally = new Tally();
  const loop = async () => {
    for (let r = 0; r < rounds; r++) {
      const token = await g.acquire();
      tally.enter();
      await Promise.resolve();
      tally.leave();
      g.release(token);
    }
  };
  const start = now();
  await Promise.all(Array.from({ length: LOOPS }, loop));
  const ms = now() - start;
  tally.verify(`${what} contended`, LOOPS * rounds, permits);
  return (LOOPS * rounds) / (ms / 1000);
}

async function measure(entryId: string, context: RunContext): Promise<Metrics> {
  if (!(PRIMITIVE_SYSTEMS as readonly string[]).includes(entryId))
    throw new Error(`unknown system ${entryId}`);
  const system = entryId as PrimitiveSystem;
  const { solo: n, rounds, warmupSolo, warmupRounds } = sizes(context);
  const run = async (permits: number, soloN: number, r: number) => {
    const what = `${system} ${permits === 1 ? 'lock' : `semaphore(${permits})`}`;
    return [
      await solo(what, gate(system, permits), soloN),
      await contended(what, gate(system, permits), permits, r),
    ];
  };
  await run(1, warmupSolo, warmupRounds);
  await run(PERMITS, warmupSolo, warmupRounds);
  const [lockSolo, lockContended] = await run(1, n, rounds);
  const [semSolo, semContended] = await run(PERMITS, n, rounds);
  return {
    lockSolo: lockSolo!,
    lockContended: lockContended!,
    semSolo: semSolo!,
    semContended: semContended!,
  };
}

const ENTRIES: Entry[] = [
  { id: 'spindle', label: 'spindle (asyncio Lock / Semaphore)', system: 'spindle' },
  { id: 'async-mutex', label: 'async-mutex (Mutex / Semaphore)', system: 'async-mutex' },
  { id: 'async-sema', label: 'async-sema (Sema(1) / Sema(4))', system: 'async-sema' },
];

export const s7: Scenario = {
  id: 'S7',
  title: 'Async primitives: Lock and Semaphore acquire/release',
  entries: ENTRIES,
  metrics: [
    { key: 'lockSolo', label: 'lock ops/s', better: 'higher', digits: 0, ratio: true, chart: true },
    {
      key: 'lockContended',
      label: `lock ${LOOPS} loops ops/s`,
      better: 'higher',
      digits: 0,
      ratio: true,
      chart: true,
    },
    { key: 'semSolo', label: `sem(${PERMITS}) ops/s`, better: 'higher', digits: 0, ratio: true, chart: true },
    {
      key: 'semContended',
      label: `sem(${PERMITS}) ${LOOPS} loops ops/s`,
      better: 'higher',
      digits: 0,
      ratio: true,
      chart: true,
    },
  ],
  describe: (context) => {
    const { solo: n, rounds } = sizes(context);
    return `Main thread only. Uncontended: ${n.toLocaleString('en-US')} × \`await acquire(); release()\` in one loop. Contended: ${LOOPS} async loops × ${rounds.toLocaleString('en-US')} rounds of acquire → \`await Promise.resolve()\` → release on one shared lock (or Semaphore(${PERMITS})). Acquisitions per second, after a warm-up of each.`;
  },
  notes: [
    'Each library is called through the same one-line adapter: spindle `acquire()`/`release()`; async-mutex `acquire()` and the release function it returns; async-sema `acquire()`/`release()` on `new Sema(1)` or `new Sema(4)`.',
    'Every run checks that all acquisitions entered the critical section and that the most holders at once was exactly 1 (lock) or 4 (semaphore, contended).',
    'No timeouts or abort signals are passed; spindle checks its (absent) options on every acquire all the same.',
    "async-mutex's `Mutex.acquire` wraps its own `Semaphore(1).acquire` in a transpiled async function (tslib `__awaiter`), which makes its lock rows several times slower than its semaphore rows; that is the library as its README has you call it.",
  ],
  measure,
};
