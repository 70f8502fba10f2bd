/**
 * S12 downloads from a real nginx (Debian's, bench/nginx.ts) on 127.0.0.1: 100 files × 64 KiB
 * with 8 at once, and one 256 MiB file (64 MiB with --quick). `spindle download` (the built bin)
 * vs curl --parallel, wget2 --max-threads and aria2c -j, each a whole child process writing to a
 * fresh directory; every file's size is checked after each run.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPINDLE_BIN, timeTool } from './net-peers.ts';
import { startNginx } from './nginx.ts';
import { check, type Metrics, type RunContext, type Scenario } from './scenario.ts';

const FILES = 100;
const FILE_BYTES = 64 * 1024;
const JOBS = 8;
const bigBytes = (context: RunContext) => (context.quick ? 64 : 256) * 1024 * 1024;

/** The command line of `tool` downloading `urls` (listed in `list`) into `dir`. */
function commandFor(tool: string, urls: string[], list: string, dir: string): [string, string[]] {
  const j = String(JOBS);
  switch (tool) {
    case 'spindle':
      return [process.execPath, [SPINDLE_BIN, 'download', '-i', list, '-o', dir, '-j', j, '--per-host', j]];
    case 'curl':
      return [
        'curl',
        [
          '-Z',
          '--parallel-max',
          j,
          '-sS',
          '--fail',
          '--create-dirs',
          '--output-dir',
          dir,
          '--remote-name-all',
          ...urls,
        ],
      ];
    case 'wget2':
      return ['wget2', ['--max-threads', j, '-q', '-P', dir, '-i', list]];
    case 'aria2c':
      return [
        'aria2c',
        ['-j', j, '-i', list, '-d', dir, '-q', '--file-allocation=none', '--auto-file-renaming=false'],
      ];
    default:
      throw new Error(`unknown system ${tool}`);
  }
}

/** One timed run of `tool` over `urls`; checks every file's size. */
async function run(tool: string, urls: string[], bytes: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), `s12-${tool}-`));
  try {
    const list = join(dir, '.urls');
    writeFileSync(list, `${urls.join('\n')}\n`);
    const out = join(dir, 'out');
    const [command, args] = commandFor(tool, urls, list, out);
    const { ms } = await timeTool(command, args);
    const files = readdirSync(out);
    check(`${tool} file count`, files.length, urls.length);
    for (const f of files) check(`${tool} ${f} size`, statSync(join(out, f)).size, bytes);
    return ms / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(entryId: string, context: RunContext): Promise<Metrics> {
  const big = bigBytes(context);
  const root = mkdtempSync(join(tmpdir(), 's12-www-'));
  mkdirSync(join(root, 'f'));
  const small = Buffer.alloc(FILE_BYTES, 0x61);
  for (let i = 0; i < FILES; i++) writeFileSync(join(root, 'f', `${i}.bin`), small);
  writeFileSync(join(root, 'big.bin'), Buffer.alloc(big, 0x62));
  const server = await startNginx(root);
  try {
    const urls = Array.from({ length: FILES }, (_, i) => `${server.base}/f/${i}.bin`);
    await run(entryId, urls.slice(0, JOBS), FILE_BYTES); // warm-up: page cache, binaries
    const many = await run(entryId, urls, FILE_BYTES);
    const bigTime = await run(entryId, [`${server.base}/big.bin`], big);
    return { many, big: bigTime, bigRate: big / (1024 * 1024) / bigTime };
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

export const s12: Scenario = {
  id: 'S12',
  title: 'Parallel downloads vs curl, wget2 and aria2c',
  entries: [
    { id: 'spindle', label: 'spindle download', system: 'spindle' },
    { id: 'curl', label: 'curl --parallel', system: 'curl' },
    { id: 'wget2', label: 'wget2 --max-threads', system: 'wget2' },
    { id: 'aria2c', label: 'aria2c -j', system: 'aria2c' },
  ],
  metrics: [
    { key: 'many', label: `${FILES} files wall (s)`, better: 'lower', digits: 2, ratio: true, chart: true },
    { key: 'big', label: 'big file wall (s)', better: 'lower', digits: 2, ratio: true },
    { key: 'bigRate', label: 'big file MiB/s', better: 'higher', digits: 0 },
  ],
  describe: (context) =>
    `nginx 1.22 (Debian) on 127.0.0.1, files from the page cache. Many files: ${FILES} × ${FILE_BYTES / 1024} KiB, ${JOBS} at once. Big file: one ${bigBytes(context) / (1024 * 1024)} MiB body. Wall time of the whole tool process, start-up included, after a ${JOBS}-file warm-up run.`,
  notes: [
    `Commands: \`spindle download -i LIST -o DIR -j ${JOBS} --per-host ${JOBS}\` (dist/cli/main.js; writes .part, fsyncs, renames), \`curl -Z --parallel-max ${JOBS} --create-dirs --output-dir DIR --remote-name-all URL…\`, \`wget2 --max-threads ${JOBS} -P DIR -i LIST\`, \`aria2c -j ${JOBS} -i LIST -d DIR --file-allocation=none\`.`,
    'Every file’s size is checked after every run. nginx (one worker) shares the 2 vCPUs with the tool being measured. spindle writes NAME.part, fsyncs it and renames it; curl, wget2 and aria2c do not fsync.',
  ],
  measure,
};
