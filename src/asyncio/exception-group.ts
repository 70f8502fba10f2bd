/**
 * Several errors raised together — by the tasks of a {@link TaskGroup} — as one: Python's
 * `ExceptionGroup`, built on `AggregateError` so `errors` lists every failure.
 *
 * @example
 * ```ts
 * try { await TaskGroup.run(async (tg) => { tg.createTask(failA); tg.createTask(failB); }); }
 * catch (e) { if (e instanceof ExceptionGroup) console.log(e.errors.length); } // 2
 * ```
 */
export class ExceptionGroup extends AggregateError {
  override name = 'ExceptionGroup' as const;
  /** A stable code, as every spindle error has. */
  readonly code = 'ERR_EXCEPTION_GROUP' as const;

  constructor(message: string, errors: readonly unknown[]) {
    super(errors, `${message} (${errors.length} sub-exception${errors.length === 1 ? '' : 's'})`);
  }

  /** Python's name for {@link ExceptionGroup.errors}. */
  get exceptions(): readonly unknown[] {
    return this.errors;
  }
}
