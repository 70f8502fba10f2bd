import { ThreadPoolExecutor, asCompleted } from '/work/main/src/index.ts';
import { isPrime, square, sleepFor, fail } from '/work/main/test/fixtures/tasks.ts';
const t0 = performance.now();
await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
console.log(await pool.submit(isPrime, 97), performance.now() - t0);
console.log(await pool.map(square, [0,1,2,3,4]).toArray());
console.log(await pool.submit((a: number, b: number) => a * b, 6, 7));
const fs = [300, 100, 200].map((ms) => pool.submit(sleepFor, ms));
for await (const f of asCompleted(fs)) console.log('done', await f);
try { await pool.submit(fail, 'boom'); } catch (e) { console.log('err', e, (e as any).code); }
console.log(pool.stats());
