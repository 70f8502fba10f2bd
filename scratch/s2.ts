import { ThreadPoolExecutor, asCompleted } from '../src/index.ts';
import { sleepFor, threadInfo } from '../test/fixtures/tasks.ts';
await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
await Promise.all([pool.submit(threadInfo), pool.submit(threadInfo)]);
const t0 = performance.now();
const fs = [300, 100, 200].map((ms) => pool.submit(sleepFor, ms));
for await (const f of asCompleted(fs)) console.log('done', await f, Math.round(performance.now() - t0));
