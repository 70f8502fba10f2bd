// S6 whole process: import piscina, a 2-thread pool, its first result, destroy, exit.
import { Piscina } from 'piscina';

const pool = new Piscina({
  filename: new URL('../workers/piscina-worker.mjs', import.meta.url).href,
  name: 'inc',
  minThreads: 2,
  maxThreads: 2,
});
if ((await pool.run(1)) !== 2) throw new Error('wrong result');
await pool.destroy();
