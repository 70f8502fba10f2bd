import { Worker } from 'node:worker_threads';
const hook = new URL('./nohook.mjs', import.meta.url).href;
const variants = {
  bare: `require('node:worker_threads').parentPort.postMessage(1)`,
  register: `(async()=>{ require('node:module').register(${JSON.stringify(hook)}); await import('data:text/javascript,export default 1'); require('node:worker_threads').parentPort.postMessage(1)})()`,
  tsxcjs: `(async()=>{ require(${JSON.stringify(new URL('../node_modules/tsx/dist/cjs/api/index.cjs', import.meta.url).pathname)}).register(); require('node:worker_threads').parentPort.postMessage(1)})()`,
};
for (let round = 0; round < 2; round++)
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
