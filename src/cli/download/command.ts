/** `spindle download`: parallel, resumable, retrying HTTP downloads into a directory. */
import { defineCommand } from '../args/spec.ts';
import { countArg, positiveInt, secondsArg } from '../http/args.ts';

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
  },
  epilog: EXAMPLES,
  async run(options, args) {
    // Loaded here so that other commands (and --help, --version) never load undici.
    const { downloadAction } = await import('./action.ts');
    await downloadAction(args, options);
  },
});
