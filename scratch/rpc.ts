import { ThreadPoolExecutor } from '../src/futures/index.ts';
import { Manager } from '../src/multiprocessing/manager/manager.ts';
const manager = await Manager();
const total = manager.Value('i', 0);
const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
const r = await pool.submit(async (t: any) => { const s = performance.now(); for (let i = 0; i < 10000; i++) await t.get(); return (performance.now() - s) / 10000; }, total).result();
console.log('µs per call from worker', (r as number) * 1000);
let s = performance.now(); for (let i = 0; i < 10000; i++) await total.get(); console.log('local µs', (performance.now() - s) / 10);
await pool.shutdown(); await manager.shutdown();
