#!/usr/bin/env node
/**
 * What installing spindle costs a user, beside piscina and poolifier: packages installed,
 * node_modules size, npm's install-script warnings and the time of the first `import`.
 *
 * spindle is measured as a user gets it: the commit REF (default HEAD) is exported with
 * `git archive`, installed (`npm ci`), built and packed (`npm pack`), and the tarball is
 * installed with `npm i` into a fresh project; the peers are installed from the registry at the
 * versions this repo's devDependencies name. Import time is measured in fresh `node` processes
 * (this script's Node), interleaved across the packages so load falls on all of them alike.
 *
 *   node scripts/install-footprint.mjs [--ref REF] [--runs N] [--keep]
 *
 * Prints a Markdown table. Quote it with the machine's load: on a busy box only the ratios mean
 * much.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    ref: { type: 'string', default: 'HEAD' },
    runs: { type: 'string', default: '11' },
    keep: { type: 'boolean', default: false },
  },
});
const runs = Number(options.runs);
if (!Number.isInteger(runs) || runs < 1)
  throw new RangeError(`--runs must be a positive integer, got ${options.runs}`);

const repo = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const work = mkdtempSync(join(tmpdir(), 'spindle-footprint-'));

/** Runs a command; returns its stdout and stderr (npm writes its warnings there). */
function run(cwd, command, ...args) {
  const { status, stdout, stderr, error } = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (error) throw error;
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stderr}`);
  return { stdout, stderr };
}
const sh = (cwd, command, ...args) => run(cwd, command, ...args).stdout;

/** The spindle tarball for `ref`, built and packed the way a publish does it. */
function packSpindle(ref) {
  const source = join(work, 'source');
  mkdirSync(source);
  execFileSync('sh', ['-c', `git -C "$0" archive "$1" | tar -x -C "$2"`, repo, ref, source]);
  sh(source, 'npm', 'ci', '--ignore-scripts', '--no-audit', '--no-fund');
  sh(source, 'npm', 'run', 'build');
  const [packed] = JSON.parse(
    sh(source, 'npm', 'pack', '--json', '--ignore-scripts', '--pack-destination', work),
  );
  return join(work, packed.filename);
}

/** Bytes of every file under `dir`, and the disk blocks they take (as `du` counts them). */
function sizeOf(dir) {
  let bytes = 0;
  let disk = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const stat = statSync(join(entry.parentPath, entry.name));
    bytes += stat.size;
    disk += stat.blocks * 512;
  }
  return { bytes, disk };
}

/** A fresh project with `spec` installed by `npm i`, and what that install brought. */
function install(name, spec) {
  const project = join(work, `project-${name}`);
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: `try-${name}`, private: true, type: 'module' }),
  );
  const { stderr } = run(project, 'npm', 'i', spec, '--no-audit', '--no-fund');
  const lock = JSON.parse(readFileSync(join(project, 'node_modules/.package-lock.json'), 'utf8'));
  return {
    name,
    project,
    packages: Object.keys(lock.packages).filter((path) => path !== '').length,
    scriptWarnings: stderr.split('\n').filter((line) => /install-scripts\s+\S+@\S+ \(/.test(line)).length,
    ...sizeOf(join(project, 'node_modules')),
    imports: [],
  };
}

/**
 * Wall and CPU milliseconds a fresh `node` process spends in `await import(name)`. CPU time
 * (user + system, all of the process's threads) is the steadier of the two on a busy machine.
 */
function importTime(project, name) {
  const code = `const t = performance.now(), c = process.cpuUsage(); await import(${JSON.stringify(name)});
    const { user, system } = process.cpuUsage(c); console.log(performance.now() - t, (user + system) / 1000);`;
  const [wall, cpu] = sh(project, process.execPath, '--input-type=module', '-e', code).split(' ').map(Number);
  return { wall, cpu };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

try {
  const devDependencies = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).devDependencies;
  const tarball = packSpindle(options.ref);
  const results = [
    install('spindle', tarball),
    install('piscina', `piscina@${devDependencies.piscina}`),
    install('poolifier', `poolifier@${devDependencies.poolifier}`),
  ];
  for (let i = 0; i < runs; i++) for (const r of results) r.imports.push(importTime(r.project, r.name));

  const commit = sh(repo, 'git', 'rev-parse', '--short', options.ref).trim();
  console.log(
    `spindle at ${options.ref} (${commit}); Node ${process.version}; ${runs} imports each; ` +
      `load average ${loadavg()[0].toFixed(1)} at the end\n`,
  );
  console.log(`| | ${results.map((r) => r.name).join(' | ')} |`);
  console.log(`|---|${results.map(() => '---|').join('')}`);
  const row = (label, cell) => console.log(`| ${label} | ${results.map(cell).join(' | ')} |`);
  row('packages installed', (r) => r.packages);
  row('`node_modules`, file bytes', (r) => mb(r.bytes));
  row('`node_modules`, on disk (du)', (r) => mb(r.disk));
  row('npm install-script warnings', (r) => r.scriptWarnings);
  for (const kind of ['wall', 'cpu']) {
    const times = (r) => r.imports.map((t) => t[kind]);
    row(`\`import\`, ${kind} ms: median (min–max)`, (r) => {
      const [low, mid, high] = [Math.min(...times(r)), median(times(r)), Math.max(...times(r))];
      return `${mid.toFixed(1)} (${low.toFixed(1)}–${high.toFixed(1)})`;
    });
  }
} finally {
  if (options.keep) console.log(`\nkept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
