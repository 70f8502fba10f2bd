/**
 * S13 checking 500 URLs on a local node:http server (20 ms latency per request, 16 at once):
 * `spindle check` (HEAD, status and latency per URL) vs curl's parallel mode with `-I` (curl
 * 7.88 printed no `-w` output in parallel mode here, so its status lines are counted).
 */
import { SPINDLE_BIN, startNetServer, timeTool } from './net-peers.ts';
import { check, type Metrics, type Scenario } from './scenario.ts';

const URLS = 500;
const LATENCY_MS = 20;
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
    const args = ['-Z', '--parallel-max', String(JOBS), '-sS', '-I', ...urls];
    const { ms, stdout } = await timeTool('curl', args);
    const ok = stdout.split('\n').filter((l) => l.startsWith('HTTP/1.1 200')).length;
    check('curl 200 status lines', ok, urls.length);
    return ms / 1000;
  }
  throw new Error(`unknown system ${tool}`);
}

async function measure(entryId: string): Promise<Metrics> {
  const server = await startNetServer({ latencyMs: LATENCY_MS, fileBytes: 1024, bigBytes: 0 });
  try {
    const urls = Array.from({ length: URLS }, (_, i) => `${server.base}/f/${i}.bin`);
    await run(entryId, urls.slice(0, JOBS)); // warm-up
    return { wall: await run(entryId, urls) };
  } finally {
    await server.close();
  }
}

export const s13: Scenario = {
  id: 'S13',
  title: 'Checking 500 URLs vs curl',
  entries: [
    { id: 'spindle', label: 'spindle check', system: 'spindle' },
    { id: 'curl', label: 'curl -Z -I', system: 'curl' },
  ],
  metrics: [
    { key: 'wall', label: `${URLS} URLs wall (s)`, better: 'lower', digits: 2, ratio: true, chart: true },
  ],
  describe: () =>
    `${URLS} URLs on one local node:http server (127.0.0.1), ${LATENCY_MS} ms latency per request, ${JOBS} at once (floor ≈ ${((Math.ceil(URLS / JOBS) * LATENCY_MS) / 1000).toFixed(2)} s). Wall time of the whole tool process, after a ${JOBS}-URL warm-up run.`,
  notes: [
    `Commands: \`spindle check -j ${JOBS} URL…\` (dist/cli/main.js, text lines as URLs complete) and \`curl -Z --parallel-max ${JOBS} -sS -I URL…\` (curl 7.88 printed no \`-w\` output in parallel mode here, so its status lines are counted). Every URL's 200 is counted in each tool's output.`,
  ],
  measure,
};
