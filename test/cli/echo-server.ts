/** Starts `spindle echo serve` as a child process on a free port, and talks to it over raw sockets. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** A running `spindle echo serve` and the port it printed. */
export interface EchoServe {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the server with `args` after `echo serve --port 0`; resolves once it prints its address. */
export async function startServe(args: string[] = []): Promise<EchoServe> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'echo', 'serve', '--port', '0', ...args], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /^listening on 127\.0\.0\.1:(\d+)$/m.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`echo serve exited ${code}: ${stderr}`)));
  });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  return {
    child,
    port,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      const [code] = await exited;
      return code;
    },
  };
}

/** Connects to 127.0.0.1:port. */
export async function dial(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  return socket;
}

/** Everything the server sends on `socket` until it closes the connection. */
export async function readToEnd(socket: Socket): Promise<string> {
  let text = '';
  socket.on('data', (chunk) => {
    text += chunk;
  });
  await once(socket, 'close');
  return text;
}
