/** What the numbers were measured on and with. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cpus: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** Versions of spindle (package + git commit) and of each peer, as installed. */
  versions: Record<string, string>;
}

function installedVersion(name: string): string {
  try {
    const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function spindleVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  try {
    const commit = execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8' }).trim();
    return `${pkg.version} (${commit})`;
  } catch {
    return pkg.version;
  }
}

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    versions: {
      spindle: spindleVersion(),
      piscina: installedVersion('piscina'),
      tinypool: installedVersion('tinypool'),
      poolifier: installedVersion('poolifier'),
      workerpool: installedVersion('workerpool'),
      'async-mutex': installedVersion('async-mutex'),
      'async-sema': installedVersion('async-sema'),
    },
  };
}
