/**
 * Which HTTP engine `spindle download` and `check` should use, measured: undici's `request` and
 * `stream` against node:http with a keep-alive Agent, each job in a fresh process (start-up
 * included) against a real nginx on 127.0.0.1 — one 1 KiB file, 100 × 64 KiB with 8 at once, one
 * 256 MiB file. Bodies are counted and dropped, so only the engine is measured. Prints the median
 * of `--runs N` (default 5) alternating runs per cell. Run: `node --import tsx bench/http-engines.ts`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeTool } from './net-peers.ts';
import { startNginx } from './nginx.ts';

const CHILD = fileURLToPath(new URL('./engine-child.mjs', import.meta.url));
const ENGINES = ['node-http', 'undici-request', 'undici-stream'] as const;
const JOBS = ['one', 'many', 'big'] as const;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

const root = mkdtempSync(join(tmpdir(), 'bench-engines-'));
mkdirSync(join(root, 'f'));
writeFileSync(join(root, 'one.bin'), Buffer.alloc(1024, 1));
for (let i = 0; i < 100; i++) writeFileSync(join(root, 'f', `${i}.bin`), Buffer.alloc(64 << 10, 2));
writeFileSync(join(root, 'big.bin'), Buffer.alloc(256 << 20, 3));
const nginx = await startNginx(root);
try {
  const times = new Map<string, number[]>();
  for (let run = 0; run < RUNS; run++) {
    for (const job of JOBS) {
      for (const engine of ENGINES) {
        const { ms } = await timeTool(process.execPath, [CHILD, engine, job, nginx.base]);
        const key = `${job} ${engine}`;
        times.set(key, [...(times.get(key) ?? []), ms]);
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`node ${process.version}, median of ${RUNS} runs (ms, whole process)`);
  console.log(`job    ${ENGINES.map((e) => e.padStart(15)).join('')}`);
  for (const job of JOBS) {
    const cells = ENGINES.map((engine) =>
      median(times.get(`${job} ${engine}`)!)
        .toFixed(0)
        .padStart(15),
    );
    console.log(`${job.padEnd(7)}${cells.join('')}`);
  }
} finally {
  await nginx.close();
  rmSync(root, { recursive: true, force: true });
}
