/**
 * Week 4 §1, threads for I/O:
 *
 *   def fetch(url, results, idx):
 *       time.sleep(0.5)   # simulate network I/O
 *       results[idx] = f"data from {url}"
 *
 *   urls = ["http://a.com", "http://b.com", "http://c.com"]
 *   results = [None] * len(urls)
 *   threads = [threading.Thread(target=fetch, args=(u, results, i)) for i, u in enumerate(urls)]
 *   for t in threads: t.start()
 *   for t in threads: t.join()
 *   print(results)
 *
 * Self-contained: a local HTTP server stands in for the three sites and answers after 500 ms;
 * each thread really downloads its URL and writes the body into its slot of a shared buffer.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Thread } from 'spindle/threading';
import { fetchInto, SLOT_BYTES } from './threading-tasks.ts';

const server = createServer((request, response) => {
  const site = request.url!.slice(1);
  setTimeout(() => response.end(`data from http://${site}`), 500); // simulated network I/O
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;

const urls = ['a.com', 'b.com', 'c.com'].map((site) => `http://127.0.0.1:${port}/${site}`);
const results = new SharedArrayBuffer(urls.length * SLOT_BYTES);
const threads = urls.map((u, i) => new Thread({ target: fetchInto, args: [u, results, i] }));
for (const t of threads) t.start();
for (const t of threads) await t.join();
server.close();

const text = (i: number) => {
  const length = new Int32Array(results, i * SLOT_BYTES, 1)[0]!;
  return new TextDecoder().decode(new Uint8Array(results, i * SLOT_BYTES + 4, length));
};
console.log(urls.map((_, i) => text(i)));
