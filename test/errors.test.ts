import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BrokenBarrierError,
  BrokenExecutorError,
  CancelledError,
  deserializeError,
  InvalidStateError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  registerErrorClass,
  type SerializedError,
  SpindleError,
  serializeError,
  TaskDefinitionError,
  TimeoutError,
  WorkerCrashedError,
} from '../src/index.ts';

/** Serializes, clones as a thread boundary would, and deserializes. */
function roundTrip(error: unknown): Error {
  return deserializeError(structuredClone(serializeError(error)));
}

describe('SpindleError classes', () => {
  const cases: Array<[SpindleError, string, string]> = [
    [new SpindleError('ERR_X', 'x'), 'SpindleError', 'ERR_X'],
    [new CancelledError(), 'CancelledError', 'ERR_CANCELLED'],
    [new TimeoutError(), 'TimeoutError', 'ERR_TIMEOUT'],
    [new InvalidStateError('bad state'), 'InvalidStateError', 'ERR_INVALID_STATE'],
    [new BrokenExecutorError('broken'), 'BrokenExecutorError', 'ERR_BROKEN_EXECUTOR'],
    [new WorkerCrashedError('crashed'), 'WorkerCrashedError', 'ERR_WORKER_CRASHED'],
    [new QueueFull(), 'QueueFull', 'ERR_QUEUE_FULL'],
    [new QueueEmpty(), 'QueueEmpty', 'ERR_QUEUE_EMPTY'],
    [new QueueShutDown(), 'QueueShutDown', 'ERR_QUEUE_SHUT_DOWN'],
    [new BrokenBarrierError(), 'BrokenBarrierError', 'ERR_BROKEN_BARRIER'],
    [new TaskDefinitionError('ERR_TASK_CLOSURE', 'closure'), 'TaskDefinitionError', 'ERR_TASK_CLOSURE'],
  ];
  for (const [error, name, code] of cases) {
    test(`${name} has name ${name} and code ${code}`, () => {
      assert.ok(error instanceof SpindleError, 'error instanceof SpindleError');
      assert.ok(error instanceof Error, 'error instanceof Error');
      assert.equal(error.name, name);
      assert.equal(error.code, code);
      assert.match(String(error.stack), new RegExp(`^${name}`));
    });
  }

  test('WorkerCrashedError defaults exitCode and signal to null', () => {
    const e = new WorkerCrashedError('x');
    assert.equal(e.exitCode, null);
    assert.equal(e.signal, null);
    const f = new WorkerCrashedError('y', { exitCode: 3, signal: 'SIGKILL', cause: 'why' });
    assert.equal(f.exitCode, 3);
    assert.equal(f.signal, 'SIGKILL');
    assert.equal(f.cause, 'why');
  });
});

describe('serializeError / deserializeError', () => {
  test('the serialized form is structured-cloneable plain data', () => {
    const error = new WorkerCrashedError('crashed', { exitCode: 1, cause: new TypeError('inner') });
    (error as unknown as Record<string, unknown>).fn = () => 1;
    const data = serializeError(error);
    assert.doesNotThrow(() => structuredClone(data));
    assert.equal(data.name, 'WorkerCrashedError');
    assert.equal(data.message, 'crashed');
    assert.equal(data.code, 'ERR_WORKER_CRASHED');
  });

  test('TimeoutError keeps its class, name, message, stack and code', () => {
    const original = new TimeoutError('too slow');
    const revived = roundTrip(original);
    assert.ok(revived instanceof TimeoutError, 'revived instanceof TimeoutError');
    assert.ok(revived instanceof SpindleError, 'revived instanceof SpindleError');
    assert.ok(revived instanceof Error, 'revived instanceof Error');
    assert.equal(revived.name, 'TimeoutError');
    assert.equal(revived.message, 'too slow');
    assert.equal(revived.stack, original.stack);
    assert.equal((revived as TimeoutError).code, 'ERR_TIMEOUT');
    assert.notEqual(revived, original);
  });

  test('every built-in SpindleError class is revived as itself', () => {
    const errors: SpindleError[] = [
      new SpindleError('ERR_CUSTOM', 'base'),
      new CancelledError(),
      new TimeoutError(),
      new InvalidStateError('state'),
      new BrokenExecutorError('broken'),
      new WorkerCrashedError('crashed'),
      new QueueFull(),
      new QueueEmpty(),
      new QueueShutDown(),
      new BrokenBarrierError(),
      new TaskDefinitionError('ERR_TASK_CLOSURE', 'closure'),
    ];
    for (const original of errors) {
      const revived = roundTrip(original);
      assert.equal(Object.getPrototypeOf(revived), Object.getPrototypeOf(original), original.name);
      assert.equal(revived.name, original.name);
      assert.equal(revived.message, original.message);
      assert.equal((revived as SpindleError).code, original.code);
    }
  });

  test('WorkerCrashedError keeps exitCode and signal', () => {
    const revived = roundTrip(new WorkerCrashedError('worker died', { exitCode: 3, signal: 'SIGTERM' }));
    assert.ok(revived instanceof WorkerCrashedError, 'revived instanceof WorkerCrashedError');
    assert.equal((revived as WorkerCrashedError).exitCode, 3);
    assert.equal((revived as WorkerCrashedError).signal, 'SIGTERM');
    assert.equal(revived.message, 'worker died');
    assert.equal((revived as WorkerCrashedError).code, 'ERR_WORKER_CRASHED');
  });

  test('WorkerCrashedError keeps a null exitCode', () => {
    const revived = roundTrip(new WorkerCrashedError('no code')) as WorkerCrashedError;
    assert.ok(revived instanceof WorkerCrashedError, 'revived instanceof WorkerCrashedError');
    assert.equal(revived.exitCode, null);
    assert.equal(revived.signal, null);
  });

  test('builtin TypeError stays TypeError', () => {
    const original = new TypeError('not a function');
    const revived = roundTrip(original);
    assert.ok(revived instanceof TypeError, 'revived instanceof TypeError');
    assert.equal(revived.name, 'TypeError');
    assert.equal(revived.message, 'not a function');
    assert.equal(revived.stack, original.stack);
  });

  test('other builtin classes stay themselves', () => {
    for (const Cls of [RangeError, SyntaxError, ReferenceError, EvalError, URIError, Error]) {
      const revived = roundTrip(new Cls('m'));
      assert.equal(Object.getPrototypeOf(revived), Cls.prototype, Cls.name);
      assert.equal(revived.name, Cls.name);
    }
  });

  test('an unknown error class becomes an Error with the same name, message and stack', () => {
    class CustomError extends Error {
      override name = 'CustomError';
    }
    const original = new CustomError('custom');
    const revived = roundTrip(original);
    assert.ok(revived instanceof Error, 'revived instanceof Error');
    assert.equal(revived.name, 'CustomError');
    assert.equal(revived.message, 'custom');
    assert.equal(revived.stack, original.stack);
  });

  test('a Node-style code on a plain Error is kept', () => {
    const original = Object.assign(new Error('no such file'), { code: 'ENOENT', errno: -2, syscall: 'open' });
    const revived = roundTrip(original) as Error & Record<string, unknown>;
    assert.equal(revived.code, 'ENOENT');
    assert.equal(revived.errno, -2);
    assert.equal(revived.syscall, 'open');
  });

  test('extra primitive own properties are kept; non-primitive ones are dropped', () => {
    const original = Object.assign(new Error('props'), {
      str: 's',
      num: 42,
      bool: false,
      big: 10n,
      nil: null,
      obj: { a: 1 },
      fn: () => 1,
      undef: undefined,
    });
    const revived = roundTrip(original) as Error & Record<string, unknown>;
    assert.equal(revived.str, 's');
    assert.equal(revived.num, 42);
    assert.equal(revived.bool, false);
    assert.equal(revived.big, 10n);
    assert.equal(revived.nil, null);
    assert.equal('obj' in revived, false);
    assert.equal('fn' in revived, false);
    assert.equal('undef' in revived, false);
  });

  test('extra props on a SpindleError subclass are kept', () => {
    const original = Object.assign(new BrokenExecutorError('broken'), { workers: 4 });
    const revived = roundTrip(original) as BrokenExecutorError & { workers?: number };
    assert.ok(revived instanceof BrokenExecutorError, 'revived instanceof BrokenExecutorError');
    assert.equal(revived.workers, 4);
  });

  test('the cause chain is kept, with classes', () => {
    const root = new RangeError('root');
    const middle = new WorkerCrashedError('middle', { exitCode: 7, cause: root });
    const top = new TimeoutError('top', { cause: middle });
    const revived = roundTrip(top);
    assert.ok(revived instanceof TimeoutError, 'revived instanceof TimeoutError');
    assert.equal(revived.message, 'top');
    const c1 = revived.cause;
    assert.ok(c1 instanceof WorkerCrashedError, 'c1 instanceof WorkerCrashedError');
    assert.equal(c1.message, 'middle');
    assert.equal(c1.exitCode, 7);
    assert.equal(c1.stack, middle.stack);
    const c2 = c1.cause;
    assert.ok(c2 instanceof RangeError, 'c2 instanceof RangeError');
    assert.equal(c2.message, 'root');
    assert.equal(c2.stack, root.stack);
    assert.equal(c2.cause, undefined);
  });

  test('a cause on a builtin error is kept', () => {
    const revived = roundTrip(new TypeError('outer', { cause: new Error('inner') }));
    assert.ok(revived instanceof TypeError, 'revived instanceof TypeError');
    assert.ok(revived.cause instanceof Error, 'revived.cause instanceof Error');
    assert.equal((revived.cause as Error).message, 'inner');
  });

  test('a primitive cause is kept as is', () => {
    assert.equal(roundTrip(new Error('e', { cause: 'because' })).cause, 'because');
    assert.equal(roundTrip(new CancelledError('c', { cause: 42 })).cause, 42);
    assert.equal(roundTrip(new Error('e', { cause: null })).cause, null);
  });

  test('an object cause becomes its string form', () => {
    const revived = roundTrip(new Error('e', { cause: { reason: 'x' } }));
    assert.equal(revived.cause, '[object Object]');
  });

  test('cause is not enumerable on a revived SpindleError', () => {
    const revived = roundTrip(new TimeoutError('t', { cause: new Error('c') }));
    assert.equal(Object.keys(revived).includes('cause'), false);
    assert.ok(revived.cause instanceof Error, 'revived.cause instanceof Error');
  });

  test('no cause means no cause property', () => {
    const revived = roundTrip(new TimeoutError('t'));
    assert.equal(Object.hasOwn(revived, 'cause'), false);
    assert.equal(Object.hasOwn(roundTrip(new Error('e')), 'cause'), false);
  });

  test('a cyclic cause does not recurse forever', () => {
    const e = new Error('cyclic');
    (e as { cause?: unknown }).cause = e;
    const data = serializeError(e);
    let depth = 0;
    for (let c: SerializedError | undefined = data; c; c = c.cause as SerializedError | undefined) depth++;
    assert.ok(depth > 1 && depth < 20, `depth ${depth}`);
    assert.doesNotThrow(() => deserializeError(structuredClone(data)));
  });

  test('AggregateError keeps its class and its errors, recursively', () => {
    const inner = new AggregateError([new Error('deep')], 'inner aggregate');
    const original = new AggregateError(
      [new TimeoutError('t1'), new TypeError('t2'), inner, new WorkerCrashedError('w', { exitCode: 2 })],
      'many failed',
      { cause: new Error('why') },
    );
    const revived = roundTrip(original);
    assert.ok(revived instanceof AggregateError, 'revived instanceof AggregateError');
    assert.equal(revived.name, 'AggregateError');
    assert.equal(revived.message, 'many failed');
    assert.equal(revived.stack, original.stack);
    assert.equal((revived.cause as Error).message, 'why');
    const errors = revived.errors as Error[];
    assert.equal(errors.length, 4);
    assert.ok(errors[0] instanceof TimeoutError, 'errors[0] instanceof TimeoutError');
    assert.equal(errors[0].message, 't1');
    assert.ok(errors[1] instanceof TypeError, 'errors[1] instanceof TypeError');
    assert.equal(errors[1].message, 't2');
    assert.ok(errors[2] instanceof AggregateError, 'errors[2] instanceof AggregateError');
    assert.equal(errors[2].message, 'inner aggregate');
    assert.equal((errors[2].errors[0] as Error).message, 'deep');
    assert.ok(errors[3] instanceof WorkerCrashedError, 'errors[3] instanceof WorkerCrashedError');
    assert.equal(errors[3].exitCode, 2);
  });

  test('AggregateError with non-Error members', () => {
    const revived = roundTrip(new AggregateError(['plain', 7], 'mixed')) as AggregateError;
    assert.ok(revived instanceof AggregateError, 'revived instanceof AggregateError');
    const errors = revived.errors as Error[];
    assert.equal(errors.length, 2);
    assert.ok(
      errors.every((e) => e instanceof Error),
      'errors.every((e) => e instanceof Error)',
    );
    assert.match(errors[0]!.message, /plain/);
    assert.match(errors[1]!.message, /7/);
  });

  test('a thrown non-Error becomes an Error with a descriptive message', () => {
    for (const [value, text] of [
      ['a string', 'a string'],
      [42, '42'],
      [undefined, 'undefined'],
      [null, 'null'],
      [false, 'false'],
      [{ a: 1 }, '[object Object]'],
      [Symbol('sym'), 'Symbol(sym)'],
    ] as const) {
      const data = serializeError(value);
      assert.equal(data.name, 'Error');
      assert.match(data.message, /non-error/i);
      assert.ok(data.message.includes(text), `${data.message} should mention ${text}`);
      const revived = roundTrip(value);
      assert.equal(Object.getPrototypeOf(revived), Error.prototype);
      assert.equal(revived.message, data.message);
      assert.equal(typeof revived.stack, 'string');
      assert.match(revived.stack!, /non-error/i);
    }
  });

  test('a non-Error whose toString throws still serializes', () => {
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    const data = serializeError(hostile);
    assert.equal(data.name, 'Error');
    assert.match(data.message, /non-error/i);
    assert.ok(
      roundTrip(Object.create(null)) instanceof Error,
      'roundTrip(Object.create(null)) instanceof Error',
    );
  });

  test('a missing stack is synthesized from name and message', () => {
    const revived = deserializeError({ name: 'TimeoutError', message: 'late' });
    assert.ok(revived instanceof TimeoutError, 'revived instanceof TimeoutError');
    assert.equal(revived.stack, 'TimeoutError: late');
  });

  test('deserializeError uses the code from the data', () => {
    const revived = deserializeError({ name: 'TimeoutError', message: 'm', code: 'ERR_OTHER' });
    assert.equal((revived as TimeoutError).code, 'ERR_OTHER');
  });

  test('registerErrorClass makes a custom SpindleError subclass survive the round trip', () => {
    class SpindleTestBarrierError extends SpindleError {
      override name = 'SpindleTestBarrierError';
      constructor(message: string) {
        super('ERR_TEST_BARRIER', message);
      }
    }
    const before = roundTrip(new SpindleTestBarrierError('before'));
    assert.equal(before instanceof SpindleTestBarrierError, false);
    assert.equal(before.name, 'SpindleTestBarrierError');
    registerErrorClass(SpindleTestBarrierError);
    const after = roundTrip(new SpindleTestBarrierError('after'));
    assert.ok(after instanceof SpindleTestBarrierError, 'after instanceof SpindleTestBarrierError');
    assert.equal(after.message, 'after');
    assert.equal(after.code, 'ERR_TEST_BARRIER');
  });
});
