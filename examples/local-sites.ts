/**
 * A local HTTP server standing in for the web sites of the URL examples (this machine may have
 * no internet): each path answers after a short delay, `/down` answers 503, and a closed port
 * stands in for a site that is unreachable.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts the server; `urls` are its pages plus one 503 and one unreachable address. */
export async function startLocalSites(pages: string[]): Promise<{ urls: string[]; close(): void }> {
  const server: Server = createServer((request, response) => {
    if (request.url === '/down') {
      response.statusCode = 503;
      response.end('down');
      return;
    }
    setTimeout(() => response.end(`<html>${request.url}</html>`), 100 + Math.random() * 200);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    urls: [...pages.map((page) => `${base}/${page}`), `${base}/down`, 'http://127.0.0.1:1/unreachable'],
    close: () => server.close(),
  };
}
