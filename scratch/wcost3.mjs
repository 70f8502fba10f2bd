import { Worker } from 'node:worker_threads';
const cjsApi = new URL('../node_modules/tsx/dist/cjs/api/index.cjs', import.meta.url).pathname;
const variants = {
  bare: `require('node:worker_threads').parentPort.postMessage(1)`,
  spindleOnly: `import('spindle').then(()=>require('node:worker_threads').parentPort.postMessage(1))`,
  tsxcjsReq: `(async()=>{ require(${JSON.stringify(cjsApi)}).register(); const m = require('/work/startup/scratch/t2.ts'); require('node:worker_threads').parentPort.postMessage(m.u)})()`,
};
for (let round = 0; round < 2; round++)
for (const [k, src] of Object.entries(variants)) {
  const ts = [];
  let msg;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const w = new Worker(src, { eval: true });
    msg = await new Promise((r) => w.once('message', r));
    ts.push(performance.now() - t);
    await w.terminate();
  }
  ts.sort((a, b) => a - b);
  console.log(k, ts.map((x) => x.toFixed(0)).join(' '), msg);
}
