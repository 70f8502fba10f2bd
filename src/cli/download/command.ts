/** `spindle download`: parallel, resumable, retrying HTTP downloads into a directory. */
import { Command } from 'commander';
import { countArg, positiveInt, secondsArg } from '../http/args.ts';
import type { DownloadOptions } from './action.ts';

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
  // Loaded here so that other commands (and --help, --version) never load undici.
  const { downloadAction } = await import('./action.ts');
  await downloadAction(args, options);
}

/** Builds the `download` command. */
export function downloadCommand(): Command {
  return new Command('download')
    .description('download URLs in parallel: .part files, retries with backoff, resume, checksums')
    .argument('[urls...]', 'http(s) URLs to download')
    .option('-i, --input <file>', 'read URLs from FILE, one per line (- for stdin)')
    .option('-o, --output <dir>', 'directory to save into', '.')
    .option(
      '-j, --jobs <n>',
      'transfers at once (finished bodies are written while the next transfer runs)',
      positiveInt,
      8,
    )
    .option('--per-host <n>', 'connections per host (default: --jobs)', positiveInt)
    .option('--retries <n>', 'retries per URL after the first attempt', countArg, 3)
    .option('--timeout <sec>', 'give up on a connection silent for SEC seconds', secondsArg, 30_000)
    .option('--resume', 'continue .part files left by an earlier run (HTTP Range)', false)
    .option('--checksum <algo=hex>', 'expected digest of the (single) file, e.g. sha256=…')
    .option('--json', 'print a JSON report on stdout', false)
    .addHelpText('after', EXAMPLES)
    .action(action);
}
