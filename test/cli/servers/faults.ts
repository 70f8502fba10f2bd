/**
 * Hostile-but-legal server behaviours for the downloader's fault tests: a whole body followed by
 * an immediate close, and a connection that dies right after the headers.
 */
import type { Handler } from './http.ts';

/**
 * Sends the headers (`connection: close`) and the whole body (Content-Length correct) in one write,
 * then resets the connection at once, before the client has read all of it.
 */
export function closeAfterBody(data: Buffer): Handler {
  return (_req, res) => {
    const head =
      `HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: ${data.length}\r\n` +
      'connection: close\r\n\r\n';
    const socket = res.socket!;
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), data]), () => socket.resetAndDestroy());
  };
}

/**
 * For the first `times` requests: the headers and a few bytes, then the connection is reset;
 * afterwards `then` answers.
 */
export function dropAfterHeaders(data: Buffer, times: number, then: Handler): Handler {
  return (req, res, hit) => {
    if (hit > times) return then(req, res, hit);
    const head = `HTTP/1.1 200 OK\r\ncontent-length: ${data.length}\r\n\r\n`;
    const socket = res.socket!;
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), data.subarray(0, 100)]), () =>
      socket.resetAndDestroy(),
    );
  };
}
