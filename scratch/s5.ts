import { ThreadPoolExecutor } from '../src/index.ts';
import { sleepFor } from '../test/fixtures/tasks.ts';
const t0 = performance.now();
const pool = new ThreadPoolExecutor({ maxWorkers: 1, cancelGrace: 10 });
const r = await pool.map(sleepFor, [10, 2000], { timeout: 300 }).toArray().catch((e) => e.name);
console.log(r, Math.round(performance.now() - t0), pool.stats());
setTimeout(() => console.log('later', pool.stats()), 500);
await pool.shutdown();
console.log('shutdown', Math.round(performance.now() - t0), pool.stats());
