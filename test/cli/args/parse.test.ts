import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { helpText } from '../../../src/cli/args/help.ts';
import { parseCommandLine } from '../../../src/cli/args/parse.ts';
import { resolveCommand } from '../../../src/cli/args/resolve.ts';
import { defineCommand, type Options } from '../../../src/cli/args/spec.ts';
import { UsageError } from '../../../src/cli/exit-codes.ts';

const positive = (text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new RangeError('must be an integer >= 1');
  return n;
};

const options = {
  jobs: { short: 'j', value: '<n>', description: 'jobs', parse: positive, default: 8 },
  perHost: { value: '<n>', description: 'per host', parse: positive },
  format: { value: '<format>', description: 'format', choices: ['text', 'json'], default: 'text' },
  tasks: { value: '<modules>', description: 'modules', multiple: true },
  json: { description: 'json' },
} satisfies Options;

const usage = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (error: unknown) => error instanceof UsageError && pattern.test(error.message));

describe('parseCommandLine', () => {
  test('long, short, inline and attached values; defaults; flags', () => {
    const { values, args, given } = parseCommandLine(options, ['-j4', 'a', '--per-host=2', 'b', '--json']);
    assert.deepEqual(values, { jobs: 4, perHost: 2, format: 'text', tasks: undefined, json: true });
    assert.deepEqual(args, ['a', 'b']);
    assert.deepEqual([...given].sort(), ['jobs', 'json', 'perHost']);
    assert.equal(parseCommandLine(options, ['-j', '3']).values.jobs, 3);
    assert.equal(parseCommandLine(options, []).values.json, false);
  });

  test('a multiple option takes the values that follow it and repeats', () => {
    const { values, args } = parseCommandLine(options, [
      '--tasks',
      'a.js',
      'b.js',
      '--json',
      'c',
      '--tasks',
      'd.js',
    ]);
    assert.deepEqual(values.tasks, ['a.js', 'b.js', 'd.js']);
    assert.deepEqual(args, ['c']);
  });

  test('values may start with a dash; -- ends the options', () => {
    const { values, args } = parseCommandLine({ input: { short: 'i', value: '<file>', description: 'x' } }, [
      '-i',
      '-',
      '--',
      '--json',
    ]);
    assert.equal(values.input, '-');
    assert.deepEqual(args, ['--json']);
  });

  test('every problem is a one-line UsageError naming the option', () => {
    usage(() => parseCommandLine(options, ['--bogus']), /^unknown option '--bogus'$/);
    usage(() => parseCommandLine(options, ['-x']), /^unknown option '-x'$/);
    usage(() => parseCommandLine(options, ['-j']), /^option '-j, --jobs <n>' needs a value$/);
    usage(() => parseCommandLine(options, ['--json=yes']), /^option '--json' takes no value$/);
    usage(
      () => parseCommandLine(options, ['-j', '0']),
      /^option '-j, --jobs <n>' argument '0' is invalid: must be/,
    );
    usage(() => parseCommandLine(options, ['--format', 'yaml']), /must be one of text, json, got 'yaml'$/);
    const required = { from: { value: '<A>', description: 'first', required: true } } satisfies Options;
    usage(() => parseCommandLine(required, []), /^required option '--from <A>' not specified$/);
  });

  test('a line that asks for help may leave out required options', () => {
    const required = {
      from: { value: '<A>', description: 'first', required: true },
      help: { short: 'h', description: 'help' },
    } satisfies Options;
    const { values } = parseCommandLine(required, ['-h'], { helpKey: 'help' });
    assert.equal(values.help, true);
    assert.equal(values.from, undefined);
    usage(() => parseCommandLine(required, [], { helpKey: 'help' }), /^required option '--from <A>'/);
  });

  test('stopAtPositional leaves the subcommand and its arguments; inherited values fill in', () => {
    const parsed = parseCommandLine(options, ['-j', '2', 'sub', '--bogus'], { stopAtPositional: true });
    assert.deepEqual(parsed.rest, ['sub', '--bogus']);
    assert.equal(parseCommandLine(options, [], { inherited: { jobs: 5 } }).values.jobs, 5);
  });
});

describe('resolveCommand', () => {
  const ran: unknown[] = [];
  const child = defineCommand({
    name: 'child',
    description: 'the child',
    options: { to: { value: '<N>', description: 'up to' } },
    epilog: '\nExamples:\n  $ tool child --to 3',
    run(values, args) {
      ran.push({ to: values.to, args });
    },
  });
  const root = defineCommand({
    name: 'tool',
    description: 'the tool',
    options: { to: { value: '<N>', description: 'up to' } },
    subcommands: [{ name: 'child', description: 'the child', load: async () => child }],
  });
  const globals = { debug: { description: 'stacks' } } satisfies Options;

  test('walks to a lazy subcommand, carries parent options and global flags', async () => {
    const invocation = await resolveCommand(root, ['--to', '7', 'child', '--debug'], globals);
    assert.equal(invocation.globals.debug, true);
    await invocation.run!();
    assert.deepEqual(ran.pop(), { to: '7', args: [] });
  });

  test('help at any level; unknown commands and stray arguments are usage errors', async () => {
    const help = (await resolveCommand(root, ['child', '-h'], globals)).help!;
    assert.match(help, /^Usage: tool child \[options\]\n/);
    assert.match(help, /--to <N> +up to/);
    assert.match(help, /--debug +stacks/);
    assert.match(help, /Examples:\n {2}\$ tool child/);
    assert.match(helpText(root, 'tool', globals), /Commands:\n {2}child +the child/);
    await assert.rejects(
      resolveCommand(root, ['nope'], globals),
      /unknown command 'nope' \(see tool --help\)/,
    );
    await assert.rejects(resolveCommand(root, [], globals), /tool needs a command: child/);
    await assert.rejects(resolveCommand(root, ['child', 'x'], globals), /unexpected argument 'x'/);
  });
});
