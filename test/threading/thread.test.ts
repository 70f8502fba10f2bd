import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ThreadPoolExecutor } from '../../src/futures/index.ts';
import { describeTask } from '../../src/tasks/describe.ts';
import {
  activeCount,
  currentThread,
  type ExceptHookArgs,
  enumerate,
  excepthook,
  getExcepthook,
  Lock,
  mainThread,
  setExcepthook,
  Thread,
} from '../../src/threading/index.ts';
import { bump, empty, fail, joinOther, rendezvous, waitGate, whoAmI } from '../fixtures/thread-tasks.ts';

function word(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(8));
}

function open(gate: Int32Array): void {
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
}

/** Runs `fn` with the excepthook replaced by one that records its calls. */
async function withHook(fn: (calls: ExceptHookArgs[]) => Promise<void>): Promise<void> {
  const calls: ExceptHookArgs[] = [];
  setExcepthook((args) => calls.push(args));
  try {
    await fn(calls);
  } finally {
    setExcepthook(undefined);
  }
}

describe('Thread', () => {
  it("args are typed from the target, as submit's are (checked by tsc)", () => {
    const counter = word();
    const ok: Thread<[counter: Int32Array]> = new Thread({ target: bump, args: [counter] });
    // @ts-expect-error wrong argument types for bump(counter: Int32Array)
    const wrong = new Thread({ target: bump, args: ['not a value', 'x', 3] });
    // @ts-expect-error bump needs its argument
    const missing = new Thread({ target: bump });
    const none = new Thread({ target: empty });
    const inline = new Thread({ target: (a: number, b?: string) => a + (b ?? ''), args: [1] });
    for (const t of [ok, wrong, missing, none, inline]) assert.equal(t.isAlive(), false);
  });

  it('an inline target lowered by the TypeScript compiler (`using`) fails at construction, naming the syntax', () => {
    function increment(lock: Lock, counter: Int32Array) {
      using _ = lock.holdSync();
      counter[0]! += 1;
    }
    const lock = new Lock();
    const counter = word();
    assert.match(
      String(increment),
      /__callDispose|__disposeResources/,
      'tsx lowered `using` (target ES2022)',
    );
    const explains = (e: unknown) =>
      e instanceof TypeError &&
      /inline target increment uses a `using` or `await using` declaration/.test(e.message) &&
      /defineTask\(import\.meta\.url, fn\)/.test(e.message);
    assert.throws(() => new Thread({ target: increment, args: [lock, counter] }), explains);
    assert.throws(() => describeTask(increment, 'target'), explains);
    assert.equal(counter[0], 0);
  });

  it('start, isAlive, join, name and ident', { timeout: 30_000 }, async () => {
    const gate = word();
    const t = new Thread({ target: waitGate, args: [gate] });
    assert.match(t.name, /^Thread-\d+ \(waitGate\)$/);
    assert.equal(t.isAlive(), false, 'not alive before start');
    assert.equal(t.ident, undefined);
    t.start();
    assert.equal(t.isAlive(), true, 'alive once started');
    assert.ok(enumerate().includes(t), 'enumerate lists the running thread');
    assert.ok(activeCount() >= 2, 'main + the running thread');
    open(gate);
    await t.join();
    assert.equal(t.isAlive(), false, 'not alive after join');
    assert.ok(Number.isInteger(t.ident) && t.ident! > 1, `ident is a worker's: ${t.ident}`);
    assert.equal(t.nativeId, t.ident! - 1);
    assert.equal(t.error, undefined);
    assert.ok(!enumerate().includes(t), 'an ended thread is not listed');
  });

  it('currentThread() in the target is the Thread; on main it is mainThread()', {
    timeout: 30_000,
  }, async () => {
    const out = word();
    const t = new Thread({ target: whoAmI, args: [out], name: 'reporter' });
    t.start();
    await t.join();
    assert.equal(out[0], t.ident);
    assert.equal(out[1], 'reporter'.length);
    assert.equal(currentThread(), mainThread());
    assert.equal(mainThread().name, 'MainThread');
    assert.equal(mainThread().ident, 1);
    await assert.rejects(mainThread().join(), { code: 'ERR_DEADLOCK' });
  });

  it('join({ timeout }) resolves while the thread still runs; a signal rejects', {
    timeout: 30_000,
  }, async () => {
    const gate = word();
    const t = new Thread({ target: waitGate, args: [gate] });
    t.start();
    await t.join({ timeout: 50 });
    assert.equal(t.isAlive(), true, 'still alive after a timed-out join');
    const controller = new AbortController();
    const aborted = t.join({ signal: controller.signal });
    controller.abort(new Error('enough'));
    await assert.rejects(aborted, /enough/);
    open(gate);
    await t.join();
    assert.equal(t.isAlive(), false, 'ended once the gate opened');
  });

  it('an exception goes to the excepthook and to thread.error; join still resolves', {
    timeout: 30_000,
  }, async () => {
    await withHook(async (calls) => {
      const t = new Thread({ target: fail, args: ['boom'], name: 'failing' });
      t.start();
      await t.join();
      assert.ok(t.error instanceof TypeError, 'the error keeps its class');
      assert.equal((t.error as Error).message, 'boom');
      assert.equal(calls.length, 1);
      assert.equal(calls[0]!.thread, t);
      assert.equal(calls[0]!.excType, 'TypeError');
      assert.equal(calls[0]!.excValue, t.error);
    });
    assert.equal(getExcepthook(), excepthook, 'restored');
  });

  it('the default excepthook prints the thread name and the stack to stderr', { timeout: 10_000 }, () => {
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof write;
    try {
      excepthook({ excType: 'Error', excValue: new Error('kaput'), thread: mainThread() });
    } finally {
      process.stderr.write = write;
    }
    assert.match(written.join(''), /^Exception in thread MainThread:\nError: kaput\n {4}at /);
  });

  it('a closure target fails with ERR_TASK_CLOSURE on thread.error', { timeout: 30_000 }, async () => {
    const outside = 41;
    await withHook(async (calls) => {
      const t = new Thread({ target: () => outside + 1 });
      t.start();
      await t.join();
      assert.equal((t.error as { code?: string }).code, 'ERR_TASK_CLOSURE');
      assert.equal(calls.length, 1);
    });
  });

  it('bad use fails at the call', { timeout: 10_000 }, async () => {
    const t = new Thread({ target: empty });
    await assert.rejects(t.join(), { code: 'ERR_THREAD_NOT_STARTED' });
    t.start();
    assert.throws(() => t.start(), { code: 'ERR_THREAD_STARTED' });
    assert.throws(
      () => {
        t.daemon = true;
      },
      { code: 'ERR_THREAD_STARTED' },
    );
    await t.join();
    assert.throws(() => t.start(), { code: 'ERR_THREAD_STARTED' });
    assert.throws(() => t.joinSync(), { code: 'ERR_SYNC_ON_MAIN_THREAD' });
    assert.throws(() => new Thread({ target: 42 as never }), TypeError);
    assert.throws(() => new Thread({ target: empty, args: [() => 1] as never }), TypeError);
    assert.throws(() => new Thread(undefined), TypeError);
  });

  it('8 threads (more than any cache) all run at once: a rendezvous of all 8 completes', {
    timeout: 60_000,
  }, async () => {
    const count = word();
    const threads = Array.from({ length: 8 }, () => new Thread({ target: rendezvous, args: [count, 8] }));
    for (const t of threads) t.start();
    for (const t of threads) await t.join();
    assert.equal(count[0], 8);
    for (const t of threads) assert.equal(t.error, undefined);
    assert.equal(new Set(threads.map((t) => t.ident)).size, 8, 'eight distinct workers');
  });

  it('a thread blocked forever does not stop another from starting and ending', {
    timeout: 30_000,
  }, async () => {
    const gate = word();
    const counter = word();
    const blocked = new Thread({ target: waitGate, args: [gate], daemon: true });
    blocked.start();
    const other = new Thread({ target: bump, args: [counter] });
    other.start();
    await other.join();
    assert.equal(counter[0], 1);
    assert.equal(blocked.isAlive(), true, 'the blocked thread still waits');
    assert.notEqual(other.ident, blocked.ident);
    open(gate);
    await blocked.join();
  });

  it('reuses a cached worker: the same ident runs the next thread', { timeout: 30_000 }, async () => {
    const first = new Thread({ target: empty });
    first.start();
    await first.join();
    const second = new Thread({ target: empty });
    second.start();
    await second.join();
    assert.equal(second.ident, first.ident);
  });

  it('joinSync in a worker waits for a Thread handle passed to it', { timeout: 30_000 }, async () => {
    const gate = word();
    const out = word();
    const target = new Thread({ target: waitGate, args: [gate] });
    target.start();
    const joiner = new Thread({ target: joinOther, args: [target, out] });
    joiner.start();
    await joiner.join({ timeout: 100 });
    assert.equal(joiner.isAlive(), true, 'the joiner blocks while the target runs');
    open(gate);
    await joiner.join();
    assert.equal(joiner.error, undefined);
    assert.equal(out[0], 2, 'joinSync returned after the target ended');
  });

  it('a Thread passed to a pool task arrives as the same thread', { timeout: 30_000 }, async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const gate = word();
    const out = word();
    const t = new Thread({ target: waitGate, args: [gate] });
    t.start();
    const waited = pool.submit(joinOther, t, out);
    open(gate);
    await waited.result();
    assert.equal(out[0], 2);
  });
});
