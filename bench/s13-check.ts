/**
 * S13 checking 100 URLs on a real nginx (Debian's, bench/nginx.ts) on 127.0.0.1, 16 at once:
 * `spindle check` (HEAD, status and latency per URL) vs curl's parallel mode with `-I -w` (one
 * status code per URL), each a whole process.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPINDLE_BIN, timeTool } from './net-peers.ts';
import { startNginx } from './nginx.ts';
import { check, type Metrics, type Scenario } from './scenario.ts';

const URLS = 100;
const JOBS = 16;

async function run(tool: string, urls: string[]): Promise<number> {
  if (tool === 'spindle') {
    const { ms, stdout } = await timeTool(process.execPath, [
      SPINDLE_BIN,
      'check',
      '-j',
      String(JOBS),
      ...urls,
    ]);
    check('spindle ok lines', stdout.split('\n').filter((l) => l.startsWith('ok   200')).length, urls.length);
    return ms / 1000;
  }
  if (tool === 'curl') {
    const args = [
      '-Z',
      '--parallel-max',
      String(JOBS),
      '-sS',
      '-I',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}\n',
    ];
    const { ms, stdout } = await timeTool('curl', [...args, ...urls]);
    const ok = stdout.split('\n').filter((l) => l === '200').length;
    check('curl 200 codes', ok, urls.length);
    return ms / 1000;
  }
  throw new Error(`unknown system ${tool}`);
}

async function measure(entryId: string): Promise<Metrics> {
  const root = mkdtempSync(join(tmpdir(), 's13-www-'));
  mkdirSync(join(root, 'f'));
  for (let i = 0; i < URLS; i++) writeFileSync(join(root, 'f', `${i}.bin`), Buffer.alloc(1024, 0x61));
  const server = await startNginx(root);
  try {
    const urls = Array.from({ length: URLS }, (_, i) => `${server.base}/f/${i}.bin`);
    await run(entryId, urls.slice(0, JOBS)); // warm-up
    return { wall: await run(entryId, urls) };
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

export const s13: Scenario = {
  id: 'S13',
  title: `Checking ${URLS} URLs vs curl`,
  entries: [
    { id: 'spindle', label: 'spindle check', system: 'spindle' },
    { id: 'curl', label: 'curl -Z -I -w', system: 'curl' },
  ],
  metrics: [
    { key: 'wall', label: `${URLS} URLs wall (s)`, better: 'lower', digits: 2, ratio: true, chart: true },
  ],
  describe: () =>
    `${URLS} URLs on nginx 1.22 (Debian) on 127.0.0.1, ${JOBS} at once. Wall time of the whole tool process, after a ${JOBS}-URL warm-up run.`,
  notes: [
    `Commands: \`spindle check -j ${JOBS} URL…\` (dist/cli/main.js, text lines as URLs complete) and \`curl -Z --parallel-max ${JOBS} -sS -I -o /dev/null -w '%{http_code}\\n' URL…\`. Every URL's 200 is counted in each tool's output.`,
  ],
  measure,
};
