/** Real Redis and real `spindle worker` processes for the distributed tests. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

const REDIS = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** Why the distributed tests skip, or false when redis-server is available. */
export const skipWithoutRedis: string | false =
  spawnSync(REDIS, ['--version']).status === 0
    ? false
    : `redis-server not found at ${REDIS} (apt-get install redis-server, or set REDIS_SERVER): distributed tests skipped`;

// CI (.ci/run) installs redis-server and sets SPINDLE_REQUIRE_REDIS: there these tests must run.
if (skipWithoutRedis && process.env.SPINDLE_REQUIRE_REDIS) {
  throw new Error(`SPINDLE_REQUIRE_REDIS is set but ${skipWithoutRedis}`);
}
if (skipWithoutRedis) console.warn(`# ${skipWithoutRedis}`);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** A redis-server child on 127.0.0.1 with a free port; `aof` keeps data across restarts. */
export class RedisServer {
  readonly port: number;
  readonly dir: string;
  readonly #aof: boolean;
  #child: ChildProcess | undefined;

  private constructor(port: number, aof: boolean) {
    this.port = port;
    this.#aof = aof;
    this.dir = mkdtempSync(join(tmpdir(), 'spindle-redis-'));
  }

  static async start(options: { aof?: boolean } = {}): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), options.aof === true);
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port and data directory, and waits for PING. */
  async restart(): Promise<void> {
    const persistence = this.#aof
      ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir]
      : ['--appendonly', 'no', '--dir', this.dir];
    const child = spawn(
      REDIS,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--daemonize', 'no'],
      { stdio: 'ignore' },
    );
    this.#child = child;
    const deadline = Date.now() + 10_000;
    while (!(await ping(this.port))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error('redis-server did not answer PING within 10 s');
      await sleep(20);
    }
  }

  /** Kills the server by PID (SIGKILL, or SIGTERM for a clean stop) and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid!, signal);
    await exited;
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A `spindle worker` child process running the test task module. */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  stderr = '';

  constructor(url: string, extra: string[] = [], tasks = 'test/fixtures/distributed-tasks.ts') {
    this.child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--connection', url, '--tasks', tasks, ...extra],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.ready = new Promise((resolve, reject) => {
      this.child.stderr!.on('data', (chunk: Buffer) => {
        this.stderr += chunk.toString();
        if (this.stderr.includes('; ready')) resolve();
      });
      this.child.once('exit', (code) =>
        reject(new Error(`worker exited (${code}) before ready: ${this.stderr}`)),
      );
    });
    this.ready.catch(() => undefined);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Sends `signal` by PID and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    process.kill(this.pid, signal);
    await exited;
  }

  /** SIGTERM, then SIGKILL after `grace` ms. */
  async stop(grace = 5000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const timer = setTimeout(() => {
      if (this.child.exitCode === null && this.child.signalCode === null) process.kill(this.pid, 'SIGKILL');
    }, grace);
    await this.kill('SIGTERM');
    clearTimeout(timer);
  }
}

/** Starts `n` workers and waits until all are ready. */
export async function startWorkers(url: string, n: number, extra: string[] = []): Promise<WorkerProcess[]> {
  const workers = Array.from({ length: n }, () => new WorkerProcess(url, extra));
  await Promise.all(workers.map((w) => w.ready));
  return workers;
}

/** Waits until `n` jobs of the default queue are active (taken by a worker), asking Redis directly. */
export async function untilActive(url: string, n: number, ms = 60_000): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const deadline = Date.now() + ms;
    while ((await client.llen('bull:spindle:active')) < n) {
      if (Date.now() > deadline) throw new Error(`fewer than ${n} jobs became active within ${ms} ms`);
      await sleep(50);
    }
  } finally {
    client.disconnect();
  }
}

/**
 * A client that reports when it has seen its connection to `url` close. Every connection of this
 * process to that server gets its end of stream in the same poll of the event loop, so by then
 * the clients under test have seen theirs close too.
 */
export async function dropWitness(url: string): Promise<{ dropped: Promise<void> }> {
  const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => {});
  await new Promise((resolve) => client.once('ready', resolve));
  const dropped = new Promise<void>((resolve) => client.once('close', () => setImmediate(resolve)));
  return { dropped };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'spindle-dist-'));
}
