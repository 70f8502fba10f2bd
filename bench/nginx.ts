/**
 * A real nginx (Debian's /usr/sbin/nginx) on 127.0.0.1 at a free port, serving one directory,
 * with a throw-away prefix and config: the download and check scenarios' server, so the client is
 * measured against a server that does not share the client's event loop.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** A running nginx. */
export interface Nginx {
  base: string;
  close(): Promise<void>;
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts nginx serving `root` (sendfile, keep-alive for 1000 requests) and waits until it
 * answers; `close()` stops it with SIGQUIT (SIGKILL after 5 s) and removes its prefix.
 *
 * @example
 * const nginx = await startNginx('/tmp/files');
 * await fetch(`${nginx.base}/a.bin`);
 * await nginx.close();
 */
export async function startNginx(root: string, nginxBin = '/usr/sbin/nginx'): Promise<Nginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  // Started as root, nginx's worker runs as nobody: it must be able to read what it serves.
  chmodSync(root, 0o755);
  const port = await freePort();
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  keepalive_timeout 30s;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  types { application/octet-stream bin; }
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }
}
`,
  );
  const child = spawn(nginxBin, ['-p', prefix, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}${readLog(prefix)}`);
    try {
      await fetch(`${base}/`, { method: 'HEAD' });
      break;
    } catch {
      if (i > 100) throw new Error(`nginx did not answer on ${base}`);
      await delay(50);
    }
  }
  return {
    base,
    async close() {
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

function readLog(prefix: string): string {
  try {
    return readFileSync(join(prefix, 'error.log'), 'utf8');
  } catch {
    return '';
  }
}
