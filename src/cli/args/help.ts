/** The `--help` text of a command, generated from its {@link CommandSpec}. */
import { type CommandSpec, type LazyCommand, type OptionSpec, type Options, optionLabel } from './spec.ts';

/**
 * Usage line, description, arguments, options (with defaults and choices), subcommands, epilog.
 *
 * @example
 * ```ts
 * process.stdout.write(helpText(downloadCommand, 'spindle download', globalOptions));
 * ```
 */
export function helpText(spec: CommandSpec, path: string, globals: Options): string {
  const subcommands = spec.subcommands ?? [];
  const usage = [path, '[options]'];
  if (subcommands.length > 0) usage.push(spec.run === undefined ? '<command>' : '[command]');
  if (spec.args !== undefined) usage.push(spec.args.usage);
  const sections = [`Usage: ${usage.join(' ')}`, spec.description];
  if (spec.args !== undefined) {
    const name = spec.args.usage.replace(/[[\]<>.]/g, '');
    sections.push(`Arguments:\n${table([[name, spec.args.description]])}`);
  }
  const options = Object.entries({ ...spec.options, ...globals });
  sections.push(
    `Options:\n${table(options.map(([key, option]) => [optionLabel(key, option), describe(option)]))}`,
  );
  if (subcommands.length > 0) {
    const rows = subcommands.map((sub: CommandSpec | LazyCommand) => [sub.name, sub.description]);
    sections.push(`Commands:\n${table(rows)}\n\nRun '${path} <command> --help' for a command's options.`);
  }
  return `${sections.join('\n\n')}\n${spec.epilog ?? ''}\n`;
}

function describe(option: OptionSpec): string {
  const notes: string[] = [];
  if (option.choices !== undefined) notes.push(`one of ${option.choices.join(', ')}`);
  if (option.required) notes.push('required');
  const shown = option.defaultText ?? (isPlain(option.default) ? String(option.default) : undefined);
  if (shown !== undefined && option.value !== undefined) notes.push(`default: ${shown}`);
  return notes.length === 0 ? option.description : `${option.description} (${notes.join('; ')})`;
}

function isPlain(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

function table(rows: string[][]): string {
  const width = Math.max(...rows.map(([left]) => left!.length));
  return rows.map(([left, right]) => `  ${left!.padEnd(width)}  ${right}`).join('\n');
}
