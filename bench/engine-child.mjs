// One HTTP client job in a fresh process, for bench/http-engines.ts: `node engine-child.mjs
// ENGINE JOB BASE` with ENGINE node-http | undici-request | undici-stream and JOB one (1 KiB),
// many (100 × 64 KiB, 8 at once) or big (256 MiB). Bodies are counted and dropped; the process
// exits 1 when a byte count is wrong.
const [engine, job, base] = process.argv.slice(2);
const urls =
  job === 'one'
    ? [`${base}/one.bin`]
    : job === 'big'
      ? [`${base}/big.bin`]
      : Array.from({ length: 100 }, (_, i) => `${base}/f/${i}.bin`);
const expected = job === 'one' ? 1024 : job === 'big' ? 256 << 20 : 64 << 10;
const JOBS = 8;

async function engineGet() {
  if (engine === 'node-http') {
    const http = await import('node:http');
    const agent = new http.Agent({ keepAlive: true, maxSockets: JOBS });
    return {
      get: (url) =>
        new Promise((resolve, reject) => {
          http
            .get(url, { agent }, (res) => {
              let n = 0;
              res.on('data', (c) => {
                n += c.length;
              });
              res.on('end', () => resolve(n));
              res.on('error', reject);
            })
            .on('error', reject);
        }),
      close: () => agent.destroy(),
    };
  }
  const undici = await import('undici');
  const dispatcher = new undici.Agent({ connections: JOBS });
  if (engine === 'undici-request') {
    return {
      get: async (url) => {
        const { body } = await undici.request(url, { dispatcher });
        let n = 0;
        for await (const c of body) n += c.length;
        return n;
      },
      close: () => dispatcher.close(),
    };
  }
  const { Writable } = await import('node:stream');
  return {
    get: async (url) => {
      let n = 0;
      await undici.stream(
        url,
        { dispatcher },
        () =>
          new Writable({
            write(c, _e, cb) {
              n += c.length;
              cb();
            },
          }),
      );
      return n;
    },
    close: () => dispatcher.close(),
  };
}

const client = await engineGet();
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(JOBS, urls.length) }, async () => {
    while (next < urls.length) {
      const n = await client.get(urls[next++]);
      if (n !== expected) {
        console.error(`got ${n} bytes, expected ${expected}`);
        process.exit(1);
      }
    }
  }),
);
await client.close();
