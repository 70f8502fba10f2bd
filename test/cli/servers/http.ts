/**
 * A real node:http server on 127.0.0.1, port 0, for the network tools' tests: a table of routes,
 * a count of requests per path, and a close() that also ends kept-alive connections.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Handles one request; `hit` counts the requests to this path so far (1 for the first). */
export type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void | Promise<void>;

/** A running test server. */
export interface TestServer {
  /** The absolute URL of `path` on this server. */
  url(path: string): string;
  /** Requests received per path. */
  hits(path: string): number;
  /** Every request's method, path and Range header if any, in arrival order. */
  log: string[];
  close(): Promise<void>;
}

/** Starts a server with `routes` (path → handler); unknown paths answer 404. */
export async function startTestServer(routes: Record<string, Handler>): Promise<TestServer> {
  const counts = new Map<string, number>();
  const log: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const hit = (counts.get(path) ?? 0) + 1;
    counts.set(path, hit);
    log.push(`${req.method} ${path}${req.headers.range === undefined ? '' : ` ${req.headers.range}`}`);
    const handler = routes[path];
    if (handler === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    Promise.resolve(handler(req, res, hit)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits: (path) => counts.get(path) ?? 0,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
