/** `spindle download`: parallel, resumable, retrying HTTP downloads into a directory. */
import { Command } from 'commander';
import { ExitCode, UsageError } from '../exit-codes.ts';
import { countArg, positiveInt, secondsArg } from '../http/args.ts';
import { collectUrls } from '../http/urls.ts';
import { emit, interactive } from '../output.ts';
import { parseChecksum } from './checksum.ts';
import type { DownloadJob } from './download-one.ts';
import { jsonReport, printSummary } from './report.ts';
import { runDownloads } from './run.ts';

interface DownloadOptions {
  input?: string;
  output: string;
  jobs: number;
  perHost?: number;
  retries: number;
  timeout: number;
  resume: boolean;
  checksum?: string;
  json: boolean;
}

const EXAMPLES = `
Each file is written to NAME.part and renamed to NAME only once it is complete (and its checksum
matches); a failed or interrupted download never leaves a file under the final name. Names come
from Content-Disposition or the URL, sanitised; collisions become "name (1).ext". Timeouts,
connection errors, 408, 429 and 5xx are retried with exponential backoff and full jitter, honouring
Retry-After. In an -i list a line may add ALGO=HEX after the URL.

Exit codes: 0 all downloaded, 1 some failed, 2 usage error, 130 interrupted (Ctrl-C).

Examples:
  $ spindle download https://example.com/a.iso https://example.com/b.iso -o downloads
  $ spindle download -i urls.txt -j 16 --per-host 4 --retries 5
  $ cat urls.txt | spindle download -i - --json > report.json
  $ spindle download --resume --checksum sha256=9f86d0…0a08 https://example.com/big.tar`;

async function action(args: string[], options: DownloadOptions): Promise<void> {
  const items = await collectUrls(args, options.input);
  if (options.checksum !== undefined && items.length !== 1) {
    throw new UsageError('--checksum needs exactly one URL (in an -i list, put ALGO=HEX after each URL)');
  }
  const jobs: DownloadJob[] = items.map(({ url, extras }) => {
    if (extras.length > 1) throw new UsageError(`${url.href}: expected at most one ALGO=HEX after the URL`);
    const given = options.checksum ?? extras[0];
    return given === undefined ? { url } : { url, checksum: parseChecksum(given, url.href) };
  });
  const started = performance.now();
  const { results, interrupted } = await runDownloads(jobs, {
    dir: options.output,
    jobs: options.jobs,
    perHost: options.perHost ?? options.jobs,
    retries: options.retries,
    timeoutMs: options.timeout,
    resume: options.resume,
    bars: interactive(),
  });
  const wallMs = performance.now() - started;
  printSummary(results, wallMs);
  if (options.json) emit(jsonReport(results, wallMs, interrupted));
  process.exitCode = interrupted
    ? ExitCode.INTERRUPTED
    : results.every((r) => r.status === 'ok')
      ? ExitCode.OK
      : ExitCode.SOME_FAILED;
}

/** Builds the `download` command. */
export function downloadCommand(): Command {
  return new Command('download')
    .description('download URLs in parallel: .part files, retries with backoff, resume, checksums')
    .argument('[urls...]', 'http(s) URLs to download')
    .option('-i, --input <file>', 'read URLs from FILE, one per line (- for stdin)')
    .option('-o, --output <dir>', 'directory to save into', '.')
    .option('-j, --jobs <n>', 'downloads at once', positiveInt, 8)
    .option('--per-host <n>', 'connections per host (default: --jobs)', positiveInt)
    .option('--retries <n>', 'retries per URL after the first attempt', countArg, 3)
    .option('--timeout <sec>', 'give up on a connection silent for SEC seconds', secondsArg, 30_000)
    .option('--resume', 'continue .part files left by an earlier run (HTTP Range)', false)
    .option('--checksum <algo=hex>', 'expected digest of the (single) file, e.g. sha256=…')
    .option('--json', 'print a JSON report on stdout', false)
    .addHelpText('after', EXAMPLES)
    .action(action);
}
