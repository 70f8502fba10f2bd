/**
 * Loads every shared-primitive class so that each registers its reviver. Imported by worker
 * entries: a worker can then revive any primitive it is sent, whatever its task module imports.
 */
import './lock.ts';
import './rlock.ts';
import '../queue/index.ts';
