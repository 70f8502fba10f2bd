import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { countPrimesBetween } from '../examples/tasks.ts';
const N = 2e8, seg = 1e6;
function half(k: number) { let s = 0; for (let lo = k * seg; lo < N; lo += 2 * seg) s += countPrimesBetween(lo, Math.min(N, lo + seg)); return s; }
if (isMainThread) {
  let c0 = process.cpuUsage(), t0 = performance.now(); const a = half(0) + half(1);
  let c = process.cpuUsage(c0); console.log('serial', a, (performance.now()-t0)|0, 'cpu', ((c.user+c.system)/1000)|0);
  c0 = process.cpuUsage(); t0 = performance.now();
  const r = await Promise.all([0,1].map((k) => new Promise<number>(res => { const w = new Worker(`const {register}=require(${JSON.stringify(require_())}); `, {eval:true}); w.terminate(); res(0); })));
} 
function require_() { return ''; }
