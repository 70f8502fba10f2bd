/** `spindle check`: many URLs checked in parallel — status, latency, redirect chain, error. */
import { Command, Option } from 'commander';
import { countArg, positiveInt, secondsArg } from '../http/args.ts';
import { parseAccept } from './accept.ts';
import type { CheckOptions } from './action.ts';
import { FORMATS } from './formats.ts';

const EXAMPLES = `
Each URL gets a HEAD request (GET when the server answers HEAD with 405 or 501); redirects are
followed (at most 10) and every hop is reported. The text format prints each URL as it completes;
json, junit and markdown print one document at the end, in input order.

Exit codes: 0 every URL accepted, 1 some not, 2 usage error, 130 interrupted (Ctrl-C).

Examples:
  $ spindle check https://example.com https://example.org/missing
  $ spindle check -i urls.txt -j 32 --per-host 4 --timeout 5
  $ spindle check -i urls.txt --accept 200..299,301,304 --retries 2
  $ spindle check -i urls.txt --format junit > check-report.xml`;

async function action(args: string[], options: CheckOptions): Promise<void> {
  // Loaded here so that other commands (and --help, --version) never load undici.
  const { checkAction } = await import('./action.ts');
  await checkAction(args, options);
}

/** Builds the `check` command. */
export function checkCommand(): Command {
  return new Command('check')
    .description('check URLs in parallel: status, latency, redirect chain and error for each')
    .argument('[urls...]', 'http(s) URLs to check')
    .option('-i, --input <file>', 'read URLs from FILE, one per line (- for stdin)')
    .option('-j, --jobs <n>', 'checks at once', positiveInt, 16)
    .option('--per-host <n>', 'requests at once per host (default: --jobs)', positiveInt)
    .option('--timeout <sec>', 'fail a request silent for SEC seconds', secondsArg, 10_000)
    .option('--retries <n>', 'retries on timeouts, connection errors, 408/429/5xx', countArg, 0)
    .option('--accept <list>', 'statuses that pass, e.g. 200..299,304', parseAccept, parseAccept('200..299'))
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
    .addHelpText('after', EXAMPLES)
    .action(action);
}
