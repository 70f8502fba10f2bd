/**
 * One measurement in a fresh process: `child.mjs <scenario> <entry> <context-json>` or
 * `child.mjs calibrate`. Prints one line `RESULT_PREFIX{json}` on stdout.
 */
import { calibrateSpin } from './calibrate.ts';
import { RESULT_PREFIX, type RunContext } from './scenario.ts';
import { SCENARIOS } from './scenarios.ts';

async function main(args: string[]): Promise<unknown> {
  const [what, entryId, contextJson] = args;
  if (what === 'calibrate') return calibrateSpin(25);
  const scenario = SCENARIOS.find((s) => s.id === what);
  if (scenario === undefined || entryId === undefined || contextJson === undefined) {
    throw new Error('usage: child.mjs calibrate | child.mjs <scenario> <entry> <context-json>');
  }
  return scenario.measure(entryId, JSON.parse(contextJson) as RunContext);
}

// A ref'd timer keeps the process alive while a library's close is pending: poolifier's
// destroy() unrefs its workers first, so with nothing else alive Node would exit (code 13,
// unsettled top-level await) before destroy() resolves.
const keepAlive = setInterval(() => {}, 1000);
const result = await main(process.argv.slice(2));
clearInterval(keepAlive);
process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
// Every pool was closed; exit even if a library left a handle behind.
process.exit(0);
