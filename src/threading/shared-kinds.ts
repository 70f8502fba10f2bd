/**
 * Loads every shared-primitive class so that each registers its reviver. Imported by worker
 * entries: a worker can then revive any primitive it is sent, whatever its task module imports.
 */
import './lock.ts';
import './rlock.ts';
import './semaphore.ts';
import './event.ts';
import './condition.ts';
import './barrier.ts';
import '../multiprocessing/value.ts';
import '../multiprocessing/shared-array.ts';
import '../multiprocessing/manager/proxies.ts';
import '../multiprocessing/manager/data-proxies.ts';
import './thread.ts';
import './timer.ts';
import '../queue/index.ts';
