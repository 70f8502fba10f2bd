import { Manager } from '../src/multiprocessing/manager/manager.ts';
import { encodeShared, reviveShared } from '../src/wire/shared-codec.ts';
const manager = await Manager();
const total = manager.Value('i', 0);
const lock = manager.Lock();
const w = encodeShared([total, lock]);
const r = reviveShared(structuredClone(w)) as object[];
console.log(r.map((x) => x.constructor.name), r[0] === total);
await manager.shutdown();
