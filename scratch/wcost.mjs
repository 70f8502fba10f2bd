import { Worker } from 'node:worker_threads';
const api = import.meta.resolve('tsx/esm/api');
const variants = {
  bare: `require('node:worker_threads').parentPort.postMessage(1)`,
  tsx: `(async()=>{ (await import(${JSON.stringify(api)})).register(); await import('/work/startup/scratch/t1.ts'); require('node:worker_threads').parentPort.postMessage(1)})()`,
};
for (const [k, src] of Object.entries(variants)) {
  const ts = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const w = new Worker(src, { eval: true });
    await new Promise((r) => w.once('message', r));
    ts.push(performance.now() - t);
    await w.terminate();
  }
  ts.sort((a, b) => a - b);
  console.log(k, ts.map((x) => x.toFixed(0)).join(' '));
}
