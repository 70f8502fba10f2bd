/** `spindle download`: parallel, resumable, retrying HTTP downloads into a directory. */
import { defineCommand } from '../args/spec.ts';
import { countArg, positiveInt, secondsArg } from '../http/args.ts';
import { headerArg } from '../http/header-arg.ts';

const EXAMPLES = `
Each file is written to NAME.part and renamed to NAME only once it is complete (and its checksum
matches); a failed or interrupted download never leaves a file under the final name. Names come
from Content-Disposition or the URL (index.html for a URL ending in /), sanitised. By default a
name that already exists is kept and the new file saved as "name (1).ext"; --skip-existing keeps
the old file and downloads nothing, --overwrite replaces it once the new one is complete, and
--resume continues NAME.part (or, on 416, reports NAME as already complete). Timeouts,
connection errors, 408, 429 and 5xx are retried with exponential backoff and full jitter, honouring
Retry-After. In an -i list a line may add ALGO=HEX after the URL.

Exit codes: 0 all downloaded, 1 some failed, 2 usage error, 130 interrupted (Ctrl-C).

Examples:
  $ spindle download https://example.com/a.iso https://example.com/b.iso -o downloads
  $ spindle download -i urls.txt -j 16 --per-host 4 --retries 5
  $ cat urls.txt | spindle download -i - --json > report.json
  $ spindle download --resume --checksum sha256=9f86d0…0a08 https://example.com/big.tar`;

/** The `download` command. */
export const downloadCommand = defineCommand({
  name: 'download',
  description: 'download URLs in parallel: .part files, retries with backoff, resume, checksums',
  args: { usage: '[urls...]', description: 'http(s) URLs to download' },
  options: {
    input: { short: 'i', value: '<file>', description: 'read URLs from FILE, one per line (- for stdin)' },
    output: { short: 'o', value: '<dir>', description: 'directory to save into', default: '.' },
    jobs: {
      short: 'j',
      value: '<n>',
      description: 'transfers at once (finished bodies are written while the next transfer runs)',
      parse: positiveInt,
      default: 8,
    },
    perHost: { value: '<n>', description: 'connections per host (default: --jobs)', parse: positiveInt },
    retries: {
      value: '<n>',
      description: 'retries per URL after the first attempt',
      parse: countArg,
      default: 3,
    },
    timeout: {
      value: '<sec>',
      description: 'give up on a connection silent for SEC seconds',
      parse: secondsArg,
      default: 30_000,
      defaultText: '30',
    },
    resume: { description: 'continue .part files left by an earlier run (HTTP Range)' },
    checksum: { value: '<algo=hex>', description: 'expected digest of the (single) file, e.g. sha256=…' },
    json: { description: 'print a JSON report on stdout' },
    skipExisting: { description: 'leave a file that already exists alone and download nothing (wget -nc)' },
    overwrite: { description: 'replace a file that already exists, once the new one is complete' },
    header: {
      short: 'H',
      value: '<line>',
      description: 'send "Name: value" with every request (repeat for more)',
      parse: headerArg,
      multiple: true,
      variadic: false,
    },
    speedLimit: {
      value: '<bytes/s>',
      description: 'cut off (and retry) a transfer slower than this for --speed-time seconds',
      parse: positiveInt,
    },
    speedTime: {
      value: '<sec>',
      description: 'the window of --speed-limit',
      parse: secondsArg,
      default: 30_000,
      defaultText: '30',
    },
  },
  epilog: EXAMPLES,
  async run(options, args) {
    // Loaded here so that other commands (and --help, --version) never load the HTTP client.
    const { downloadAction } = await import('./action.ts');
    await downloadAction(args, options);
  },
});
