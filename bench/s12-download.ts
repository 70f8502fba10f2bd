/**
 * S12 downloads from a local node:http server: 200 files × 100 KiB with 100 ms injected latency
 * per request at concurrency 16, and one 256 MiB file. `spindle download` (the built bin) vs
 * curl --parallel, wget2 --max-threads and aria2c -j, each a child process writing to a fresh
 * directory; every file's size is checked after each run.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPINDLE_BIN, startNetServer, timeTool } from './net-peers.ts';
import { check, type Metrics, type RunContext, type Scenario } from './scenario.ts';

const FILES = 200;
const FILE_BYTES = 100 * 1024;
const LATENCY_MS = 100;
const JOBS = 16;
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
  const server = await startNetServer({ latencyMs: LATENCY_MS, fileBytes: FILE_BYTES, bigBytes: big });
  try {
    const urls = Array.from({ length: FILES }, (_, i) => `${server.base}/f/${i}.bin`);
    await run(entryId, urls.slice(0, JOBS), FILE_BYTES); // warm-up: page cache, binaries
    const many = await run(entryId, urls, FILE_BYTES);
    const bigTime = await run(entryId, [`${server.base}/big.bin`], big);
    return { many, big: bigTime, bigRate: big / (1024 * 1024) / bigTime };
  } finally {
    await server.close();
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
    `A node:http server in the measuring process on 127.0.0.1. Many files: ${FILES} × ${FILE_BYTES / 1024} KiB, ${LATENCY_MS} ms latency per request, ${JOBS} at once (floor ≈ ${((Math.ceil(FILES / JOBS) * LATENCY_MS) / 1000).toFixed(1)} s). Big file: one ${bigBytes(context) / (1024 * 1024)} MiB body, no latency. Wall time of the whole tool process, start-up included, after a ${JOBS}-file warm-up run.`,
  notes: [
    `Commands: \`spindle download -i LIST -o DIR -j ${JOBS} --per-host ${JOBS}\` (dist/cli/main.js; writes .part, fsyncs, renames), \`curl -Z --parallel-max ${JOBS} --create-dirs --output-dir DIR --remote-name-all URL…\`, \`wget2 --max-threads ${JOBS} -P DIR -i LIST\`, \`aria2c -j ${JOBS} -i LIST -d DIR --file-allocation=none\`.`,
    'Every file’s size is checked after every run. The server shares the 2 vCPUs with the tool being measured.',
  ],
  measure,
};
