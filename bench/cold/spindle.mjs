// S6 whole process: import spindle, a 2-worker pool, its first result, shutdown, exit.
import { ThreadPoolExecutor } from 'spindle';
import { inc } from './tasks.mjs';

const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
if ((await pool.submit(inc, 1)) !== 2) throw new Error('wrong result');
await pool.shutdown();
