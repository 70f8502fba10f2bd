/** `spindle check`: many URLs checked in parallel — status, latency, redirect chain, error. */
import { Command, Option } from 'commander';
import { ExitCode } from '../exit-codes.ts';
import { countArg, positiveInt, secondsArg } from '../http/args.ts';
import { createAgent } from '../http/client.ts';
import { forEachUrl } from '../http/parallel.ts';
import { collectUrls } from '../http/urls.ts';
import { emit, say } from '../output.ts';
import { type Accept, parseAccept } from './accept.ts';
import { FORMATS, type Format, jsonDocument, junitDocument, markdownDocument, textLine } from './formats.ts';
import { type CheckResult, checkOne } from './probe.ts';

interface CheckOptions {
  input?: string;
  jobs: number;
  perHost?: number;
  timeout: number;
  retries: number;
  accept: Accept;
  format: Format;
}

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
  const items = await collectUrls(args, options.input);
  const perHost = options.perHost ?? options.jobs;
  const agent = createAgent({ perHost, timeoutMs: options.timeout });
  const context = { dispatcher: agent, accept: options.accept, retries: options.retries };
  const results: (CheckResult | undefined)[] = items.map(() => undefined);
  const started = performance.now();
  let interrupted = true;
  try {
    ({ interrupted } = await forEachUrl(
      items,
      { jobs: options.jobs, perHost },
      async ({ url }, i, signal) => {
        const result = await checkOne(url, context, signal);
        results[i] = result;
        if (options.format === 'text' && !signal.aborted) emit(textLine(result));
      },
    ));
  } finally {
    await (interrupted ? agent.destroy() : agent.close());
  }
  const done = results.filter((r) => r !== undefined);
  const wallMs = performance.now() - started;
  if (options.format === 'json') emit(jsonDocument(done));
  else if (options.format === 'junit') emit(junitDocument(done, wallMs));
  else if (options.format === 'markdown') emit(markdownDocument(done));
  const accepted = done.filter((r) => r.ok).length;
  say(
    `${accepted} of ${items.length} accepted in ${(wallMs / 1000).toFixed(1)} s${interrupted ? ' (interrupted)' : ''}`,
  );
  process.exitCode = interrupted
    ? ExitCode.INTERRUPTED
    : accepted === items.length
      ? ExitCode.OK
      : ExitCode.SOME_FAILED;
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
