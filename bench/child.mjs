// Entry of every measurement process (spawned by run.ts, one per system × scenario × run).
// tsx is registered here, for this thread only, so the harness can stay TypeScript while
// worker threads start exactly as in a user's compiled program: `node --import tsx` would be
// inherited by every worker through execArgv and add a TypeScript loader to its start-up.
import { register } from 'tsx/esm/api';

register();
await import('./child.ts');
