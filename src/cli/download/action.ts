/**
 * What `spindle download` does once its arguments are parsed; loaded only when the command runs,
 * so `spindle --help`, `--version` and the other tools never load the HTTP client or the download engine.
 */
import { ExitCode, UsageError } from '../exit-codes.ts';
import { collectUrls, shownUrl } from '../http/urls.ts';
import { emit, interactive } from '../output.ts';
import { parseChecksum } from './checksum.ts';
import type { DownloadJob } from './download-one.ts';
import { jsonReport, printSummary } from './report.ts';
import { runDownloads } from './run.ts';

/** The parsed options of `spindle download`. */
export interface DownloadOptions {
  input?: string;
  output: string;
  jobs: number;
  perHost?: number;
  retries: number;
  timeout: number;
  resume: boolean;
  checksum?: string;
  json: boolean;
  skipExisting: boolean;
  overwrite: boolean;
  header?: [string, string][];
  speedLimit?: number;
  speedTime: number;
}

/** Runs `spindle download URL… [options]`; sets the exit code. */
export async function downloadAction(args: string[], options: DownloadOptions): Promise<void> {
  const items = await collectUrls(args, options.input);
  if (options.checksum !== undefined && items.length !== 1) {
    throw new UsageError('--checksum needs exactly one URL (in an -i list, put ALGO=HEX after each URL)');
  }
  const jobs: DownloadJob[] = items.map(({ url, extras }) => {
    // Credentials in the URL are used, never shown (as in every other message).
    if (extras.length > 1)
      throw new UsageError(`${shownUrl(url)}: expected at most one ALGO=HEX after the URL`);
    const given = options.checksum ?? extras[0];
    return given === undefined ? { url } : { url, checksum: parseChecksum(given, shownUrl(url)) };
  });
  if (options.skipExisting && options.overwrite) {
    throw new UsageError('--skip-existing and --overwrite exclude each other');
  }
  const started = performance.now();
  const { results, interrupted } = await runDownloads(jobs, {
    dir: options.output,
    jobs: options.jobs,
    perHost: options.perHost ?? options.jobs,
    retries: options.retries,
    timeoutMs: options.timeout,
    resume: options.resume,
    existing: options.skipExisting ? 'skip' : options.overwrite ? 'overwrite' : 'number',
    headers: Object.fromEntries(options.header ?? []),
    ...(options.speedLimit === undefined
      ? {}
      : { lowSpeed: { bytesPerSecond: options.speedLimit, seconds: options.speedTime / 1000 } }),
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
