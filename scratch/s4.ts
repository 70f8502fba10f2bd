import { ThreadPoolExecutor } from '../src/index.ts';
import { sleepFor } from '../test/fixtures/tasks.ts';
const t0 = performance.now();
const pool = new ThreadPoolExecutor({ maxWorkers: 1, cancelGrace: 10 });
const f1 = pool.submit(sleepFor, 10); const f2 = pool.submit(sleepFor, 2000);
await f1;
console.log(f2.state, Math.round(performance.now() - t0), pool.stats().busy);
await pool.shutdown();
console.log('shutdown', f2.state, Math.round(performance.now() - t0));
