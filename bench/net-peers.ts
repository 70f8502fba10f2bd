/**
 * Shared by S12 and S13: a local node:http server (per-request latency, generated files served
 * from memory) and a timer around one run of a command-line tool (spindle's own bin included).
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { now } from './stats.ts';

/** The built `spindle` bin (`npm run bench` builds first). */
export const SPINDLE_BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** A running bench server. */
export interface NetServer {
  base: string;
  close(): Promise<void>;
}

/**
 * Serves `/f/<n>.bin` (`fileBytes` bytes each) after `latencyMs`, and `/big.bin` (`bigBytes`
 * bytes) streamed from a 1 MiB buffer with backpressure. HEAD answers the headers only.
 */
export async function startNetServer(options: {
  latencyMs: number;
  fileBytes: number;
  bigBytes: number;
}): Promise<NetServer> {
  const small = Buffer.alloc(options.fileBytes, 0x61);
  const chunk = Buffer.alloc(1 << 20, 0x62);
  const server: Server = createServer((req, res) => {
    const reply = () => {
      if (req.url === '/big.bin') {
        res.writeHead(200, { 'content-length': String(options.bigBytes), 'accept-ranges': 'bytes' });
        if (req.method === 'HEAD') return void res.end();
        let left = options.bigBytes;
        const pump = () => {
          while (left > 0) {
            const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
            left -= piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      } else if (req.url?.startsWith('/f/')) {
        res.writeHead(200, { 'content-length': String(small.length) });
        res.end(req.method === 'HEAD' ? undefined : small);
      } else {
        res.writeHead(404).end();
      }
    };
    if (options.latencyMs > 0 && req.url !== '/big.bin') setTimeout(reply, options.latencyMs);
    else reply();
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs `command args…` to completion; resolves its wall time (ms) and stdout, throws on failure. */
export function timeTool(command: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s.slice(-2000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = now() - started;
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`${command} exited ${code}: ${stderr.slice(-500)}`));
    });
  });
}
