/**
 * The declarative shape of a `spindle` command: its options (with types, defaults, choices and
 * checks), its positional arguments, its subcommands and what it runs. Parsed by parse.ts on top
 * of `util.parseArgs`; help text from help.ts.
 */

/** One `--long-name` option; its key in {@link Options} is the camelCase of the long name. */
export interface OptionSpec {
  /** A one-letter alias, without the dash: `'j'` for `-j`. */
  short?: string;
  /** The value's placeholder in help, e.g. `'<n>'`; an option without one is a flag. */
  value?: string;
  /** One line for `--help`. */
  description: string;
  /** Turns the text into the value; a throw becomes a usage error naming the option. */
  parse?: (text: string) => unknown;
  /** The value when the option is absent. */
  default?: unknown;
  /** How `--help` shows the default, when its value does not read well (`30` for 30 000 ms). */
  defaultText?: string;
  /** The only values allowed. */
  choices?: readonly string[];
  /** Absence is a usage error. */
  required?: boolean;
  /** Takes one or more values, like `--tasks a.js b.js` or `--tasks a.js --tasks b.js`. */
  multiple?: boolean;
  /** With `multiple`: false when only a repeated option adds a value (`-H a -H b URL`, like curl's). */
  variadic?: boolean;
}

/** A command's options by camelCase name: `perHost` is `--per-host`. */
export type Options = Record<string, OptionSpec>;

type Parsed<S> = S extends { parse: (text: string) => infer T }
  ? T
  : S extends { choices: readonly (infer C)[] }
    ? C
    : S extends { value: string }
      ? string
      : boolean;
type Item<S> = S extends { multiple: true } ? Parsed<S>[] : Parsed<S>;
type Always<S> = S extends { default: unknown } | { required: true }
  ? true
  : S extends { value: string }
    ? false
    : true;

/** The parsed values of `O`: a flag is a boolean, an absent option without default `undefined`. */
export type Values<O extends Options> = {
  -readonly [K in keyof O]: Always<O[K]> extends true ? Item<O[K]> : Item<O[K]> | undefined;
};

/** A subcommand whose module is imported only when it runs or shows its help. */
export interface LazyCommand {
  name: string;
  description: string;
  load(): Promise<CommandSpec>;
}

/** A command: its options, arguments, subcommands and action. */
export interface CommandSpec<O extends Options = Options> {
  name: string;
  description: string;
  options: O;
  /** Positional arguments, e.g. `{ usage: '[urls...]', description: 'http(s) URLs' }`; none when absent. */
  args?: { usage: string; description: string };
  /** Text after the options in `--help` (examples, exit codes). */
  epilog?: string;
  subcommands?: ReadonlyArray<CommandSpec | LazyCommand>;
  /** Runs the command; without it, the command needs a subcommand. */
  run?(values: Values<O>, args: string[]): Promise<void> | void;
}

/**
 * A command whose `run` gets typed values: the identity, for inference.
 *
 * @example
 * ```ts
 * export const hello = defineCommand({
 *   name: 'hello',
 *   description: 'say hello',
 *   options: { times: { value: '<n>', description: 'how often', parse: Number, default: 1 } },
 *   run: ({ times }) => { for (let i = 0; i < times; i++) console.log('hello'); },
 * });
 * ```
 */
export function defineCommand<const O extends Options>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

/** `--per-host` for `perHost`. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** How an option reads in help and errors: `-j, --jobs <n>`. */
export function optionLabel(key: string, spec: OptionSpec): string {
  const short = spec.short === undefined ? '' : `-${spec.short}, `;
  const value =
    spec.value === undefined ? '' : ` ${spec.multiple ? spec.value.replace(/>$/, '...>') : spec.value}`;
  return `${short}${flagName(key)}${value}`;
}
