// S6 whole process, all TypeScript: the program and its task module are .ts.
import { ThreadPoolExecutor } from 'spindle';
import { inc } from './tasks.ts';

const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
if ((await pool.submit(inc, 1)) !== 2) throw new Error('wrong result');
await pool.shutdown();
