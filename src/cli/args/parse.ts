/**
 * One command's share of the command line, on `util.parseArgs` tokens: options checked against
 * their {@link OptionSpec} (unknown, missing value, choices, required, the option's own parser),
 * defaults filled in. With `helpKey`, a line that gives that option (`--help`) may leave out the
 * required options. Every problem is a {@link UsageError} of one line.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../exit-codes.ts';
import { flagName, type OptionSpec, type Options, optionLabel } from './spec.ts';

/** What {@link parseCommandLine} found. */
export interface ParsedLine {
  values: Record<string, unknown>;
  /** The keys given on the command line (not defaulted or inherited). */
  given: Set<string>;
  /** Positional arguments. */
  args: string[];
  /** With `stopAtPositional`: the first positional argument and everything after it. */
  rest?: string[];
}

/**
 * Parses `argv` against `options`; `inherited` values (a parent command's) stand in for options
 * not given; with `stopAtPositional` the first positional and what follows is left in `rest`.
 *
 * @example
 * ```ts
 * const { values } = parseCommandLine({ jobs: { short: 'j', value: '<n>', description: 'jobs', parse: Number } }, ['-j', '4']);
 * values.jobs; // 4
 * ```
 */
export function parseCommandLine(
  options: Options,
  argv: readonly string[],
  {
    inherited = {},
    stopAtPositional = false,
    helpKey,
  }: { inherited?: Record<string, unknown>; stopAtPositional?: boolean; helpKey?: string } = {},
): ParsedLine {
  const byName = new Map<string, string>();
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [key, spec] of Object.entries(options)) {
    const name = flagName(key).slice(2);
    byName.set(name, key);
    config[name] = { type: spec.value === undefined ? 'boolean' : 'string' };
    if (spec.short !== undefined) config[name].short = spec.short;
  }
  const { tokens } = parseArgs({
    args: [...argv],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, unknown> = {};
  const given = new Set<string>();
  const args: string[] = [];
  let variadic: string | undefined;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      variadic = undefined;
      continue;
    }
    if (token.kind === 'positional') {
      if (variadic !== undefined) {
        (values[variadic] as unknown[]).push(convert(variadic, options[variadic]!, token.value));
        continue;
      }
      if (stopAtPositional)
        return finish(options, values, given, inherited, args, argv.slice(token.index), helpKey);
      args.push(token.value);
      continue;
    }
    const key = byName.get(token.name);
    if (key === undefined) throw new UsageError(`unknown option '${token.rawName}'`);
    const spec = options[key]!;
    variadic = undefined;
    given.add(key);
    if (spec.value === undefined) {
      if (token.value !== undefined)
        throw new UsageError(`option '${optionLabel(key, spec)}' takes no value`);
      values[key] = true;
      continue;
    }
    if (token.value === undefined) throw new UsageError(`option '${optionLabel(key, spec)}' needs a value`);
    const value = convert(key, spec, token.value);
    if (spec.multiple) {
      if (!Array.isArray(values[key])) values[key] = [];
      (values[key] as unknown[]).push(value);
      if (token.inlineValue !== true && spec.variadic !== false) variadic = key;
    } else {
      values[key] = value;
    }
  }
  return finish(options, values, given, inherited, args, undefined, helpKey);
}

function convert(key: string, spec: OptionSpec, text: string): unknown {
  if (spec.choices !== undefined && !spec.choices.includes(text)) {
    throw new UsageError(
      `option '${optionLabel(key, spec)}' must be one of ${spec.choices.join(', ')}, got '${text}'`,
    );
  }
  if (spec.parse === undefined) return text;
  try {
    return spec.parse(text);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `option '${optionLabel(key, spec)}' argument '${text}' is invalid: ${(error as Error).message}`,
    );
  }
}

function finish(
  options: Options,
  values: Record<string, unknown>,
  given: Set<string>,
  inherited: Record<string, unknown>,
  args: string[],
  rest: string[] | undefined,
  helpKey: string | undefined,
): ParsedLine {
  // A required option is only required of a line that runs the command: neither one that goes
  // on to a subcommand nor one that asks for help.
  const runs = rest === undefined && (helpKey === undefined || !given.has(helpKey));
  for (const [key, spec] of Object.entries(options)) {
    if (given.has(key)) continue;
    if (key in inherited) values[key] = inherited[key];
    else if (spec.required && runs)
      throw new UsageError(`required option '${optionLabel(key, spec)}' not specified`);
    else values[key] = spec.default ?? (spec.value === undefined ? false : undefined);
  }
  return { values, given, args, rest };
}
