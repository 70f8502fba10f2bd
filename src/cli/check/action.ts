/**
 * What `spindle check` does once its arguments are parsed; loaded only when the command runs, so
 * `spindle --help`, `--version` and the other tools never load the HTTP client.
 */
import { ExitCode } from '../exit-codes.ts';
import { HttpClient } from '../http/client.ts';
import { forEachUrl } from '../http/parallel.ts';
import { collectUrls } from '../http/urls.ts';
import { userAgent } from '../http/user-agent.ts';
import { emit, say } from '../output.ts';
import type { Accept } from './accept.ts';
import { type Format, jsonDocument, junitDocument, markdownDocument, textLine } from './formats.ts';
import { type CheckResult, checkOne } from './probe.ts';

/** The parsed options of `spindle check`. */
export interface CheckOptions {
  input?: string;
  jobs: number;
  perHost?: number;
  timeout: number;
  retries: number;
  accept: Accept;
  format: Format;
}

/** Runs `spindle check URL… [options]`; sets the exit code. */
export async function checkAction(args: string[], options: CheckOptions): Promise<void> {
  const items = await collectUrls(args, options.input);
  const perHost = options.perHost ?? options.jobs;
  const client = new HttpClient({
    perHost,
    timeoutMs: options.timeout,
    headers: { 'user-agent': userAgent() },
  });
  const context = { client, accept: options.accept, retries: options.retries };
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
    client.close();
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
