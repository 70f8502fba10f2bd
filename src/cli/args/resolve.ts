/**
 * From the command line to what runs: walks down the subcommands (loading a lazy one only when
 * it is chosen), parses each level's options, and answers with the help text or the action.
 * Options of a parent that its subcommand also has carry over (`crunch --to 1e9 primes`).
 */
import { UsageError } from '../exit-codes.ts';
import { helpText } from './help.ts';
import { parseCommandLine } from './parse.ts';
import type { CommandSpec, LazyCommand, Options, Values } from './spec.ts';

const HELP: Options = { help: { short: 'h', description: 'show this help' } };

/** What the command line asks for: the help of a command, or running one. */
export interface Invocation<G extends Options> {
  /** The global options, from every level. */
  globals: Values<G>;
  /** Set for `--help`: the text to print on stdout. */
  help?: string;
  /** Runs the chosen command (absent with `help`). */
  run?: () => Promise<void> | void;
}

/**
 * Resolves `argv` (without node and the script) against `root`; `globals` are accepted at every
 * level. A usage problem throws {@link UsageError} with one line that points to `--help`.
 *
 * @example
 * ```ts
 * const invocation = await resolveCommand(root, process.argv.slice(2), { debug: { description: 'show stacks' } });
 * if (invocation.help !== undefined) process.stdout.write(invocation.help);
 * else await invocation.run!();
 * ```
 */
export async function resolveCommand<const G extends Options>(
  root: CommandSpec,
  argv: readonly string[],
  globals: G,
): Promise<Invocation<G>> {
  const found: Record<string, unknown> = {};
  let spec = root;
  let path = root.name;
  let line = argv;
  let inherited: Record<string, unknown> = {};
  for (;;) {
    const options = { ...spec.options, ...globals, ...HELP };
    const subcommands = spec.subcommands ?? [];
    let parsed: ReturnType<typeof parseCommandLine>;
    try {
      parsed = parseCommandLine(options, line, {
        inherited,
        stopAtPositional: subcommands.length > 0,
        helpKey: 'help',
      });
    } catch (error) {
      throw error instanceof UsageError ? seeHelp(error.message, path) : error;
    }
    for (const key of Object.keys(globals)) if (parsed.given.has(key)) found[key] = parsed.values[key];
    const all = () => ({ ...defaults(globals), ...found }) as Values<G>;
    if (parsed.values.help === true)
      return { globals: all(), help: helpText(spec, path, { ...globals, ...HELP }) };
    if (parsed.rest !== undefined) {
      const [name, ...rest] = parsed.rest;
      const sub = subcommands.find((candidate) => candidate.name === name);
      if (sub === undefined) throw seeHelp(`unknown command '${name}'`, path);
      spec = 'load' in sub ? await (sub as LazyCommand).load() : sub;
      path = `${path} ${spec.name}`;
      line = rest;
      inherited = Object.fromEntries([...parsed.given].map((key) => [key, parsed.values[key]]));
      continue;
    }
    const { run } = spec;
    if (run === undefined) {
      const names = subcommands.map((sub) => sub.name).join(', ');
      throw seeHelp(`${path} needs a command: ${names}`, path);
    }
    if (spec.args === undefined && parsed.args.length > 0)
      throw seeHelp(`unexpected argument '${parsed.args[0]}'`, path);
    const values = parsed.values;
    const args = parsed.args;
    const chosen = spec;
    return { globals: all(), run: () => run.call(chosen, values as Values<Options>, args) };
  }
}

function defaults(options: Options): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).map(([key, spec]) => [
      key,
      spec.default ?? (spec.value === undefined ? false : undefined),
    ]),
  );
}

function seeHelp(message: string, path: string): UsageError {
  return new UsageError(`${message} (see ${path} --help)`);
}
