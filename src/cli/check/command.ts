/** `spindle check`: many URLs checked in parallel — status, latency, redirect chain, error. */
import { defineCommand } from '../args/spec.ts';
import { countArg, positiveInt, secondsArg } from '../http/args.ts';
import { parseAccept } from './accept.ts';
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

/** The `check` command. */
export const checkCommand = defineCommand({
  name: 'check',
  description: 'check URLs in parallel: status, latency, redirect chain and error for each',
  args: { usage: '[urls...]', description: 'http(s) URLs to check' },
  options: {
    input: { short: 'i', value: '<file>', description: 'read URLs from FILE, one per line (- for stdin)' },
    jobs: { short: 'j', value: '<n>', description: 'checks at once', parse: positiveInt, default: 16 },
    perHost: { value: '<n>', description: 'requests at once per host (default: --jobs)', parse: positiveInt },
    timeout: {
      value: '<sec>',
      description: 'fail a request silent for SEC seconds',
      parse: secondsArg,
      default: 10_000,
      defaultText: '10',
    },
    retries: {
      value: '<n>',
      description: 'retries on timeouts, connection errors, 408/429/5xx',
      parse: countArg,
      default: 0,
    },
    accept: {
      value: '<list>',
      description: 'statuses that pass, e.g. 200..299,304',
      parse: parseAccept,
      default: parseAccept('200..299'),
      defaultText: '200..299',
    },
    format: { value: '<format>', description: 'output format', choices: FORMATS, default: 'text' },
  },
  epilog: EXAMPLES,
  async run(options, args) {
    // Loaded here so that other commands (and --help, --version) never load the HTTP client.
    const { checkAction } = await import('./action.ts');
    await checkAction(args, options);
  },
});
