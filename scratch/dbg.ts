import { ThreadPoolExecutor } from '../src/futures/index.ts';
import { Manager } from '../src/multiprocessing/manager/manager.ts';
import { LockOwnerDeadError } from '../src/errors.ts';
const manager = await Manager();
const total = manager.Value('i', 0);
console.log(total.constructor.name, typeof total.get);
const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
console.log(await pool.submit(async (t: any) => [t.constructor.name, typeof t.get, Object.keys(t)], total).result());
const lock = manager.Lock();
await pool.submit(async (l: any) => l.acquire(), lock).result();
const waiting = lock.acquire();
await pool.shutdown();
try { await waiting } catch (e) { console.log('waiting', (e as Error).name) }
console.log('mc', await lock.markConsistent());
try { console.log(await lock.acquire({ blocking: false })) } catch (e) { console.log('after', e) }
await manager.shutdown();
