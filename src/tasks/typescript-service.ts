/**
 * Where Node cannot strip types, the process that starts workers compiles their `.ts` task
 * modules (typescript-compiler.ts) and the workers ask it for the compiled URL: worker threads
 * over a BroadcastChannel (answered by the main thread), child processes over their IPC
 * channel (answered by their parent). A worker that was started without a server, or whose
 * question fails, registers tsx itself as before: slower, never wrong.
 */
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';
import { isTypeScriptUrl, stripsTypesNatively } from './typescript-files.ts';

const CHANNEL = 'spindle:typescript';
/** Set in a thread whose main thread serves (the worker bootstrap sets it from workerData). */
export const SERVED_THREAD = Symbol.for('spindle.typescript-served');
/** In a child's environment: its parent answers over IPC. Read once and removed. */
export const SERVED_CHILD_ENV = 'SPINDLE_TYPESCRIPT_IPC';
/** Key of a child's question and of its parent's answer on the IPC channel. */
const ASK = 'spindleTypeScriptAsk';
const ANSWER = 'spindleTypeScriptAnswer';
/** A compile that takes longer than this is given up on (tsx takes over). */
const ANSWER_TIMEOUT_MS = 60_000;

interface Question {
  id: string;
  url: string;
}
interface Answer {
  id: string;
  url?: string;
}

const servedByParent = process.env[SERVED_CHILD_ENV] === '1' && process.send !== undefined;
delete process.env[SERVED_CHILD_ENV];

/** True in a worker thread or child whose starter compiles `.ts` modules for it. */
export function typeScriptServed(): boolean {
  return (
    servedByParent || (!isMainThread && (globalThis as { [SERVED_THREAD]?: boolean })[SERVED_THREAD] === true)
  );
}

async function answer(question: Question): Promise<Answer> {
  try {
    const { compileTypeScript } = await import('./typescript-compiler.ts');
    return { id: question.id, url: await compileTypeScript(question.url) };
  } catch {
    return { id: question.id };
  }
}

/** spindle runs from its `.ts` sources (its tests): every worker registers tsx then. */
const spindleIsCompiled = !import.meta.url.endsWith('.ts');

/**
 * True where this process compiles `.ts` task modules for the workers and children it starts:
 * Node cannot strip types and spindle itself is compiled.
 *
 * @example
 * ```ts
 * const typescriptServed = compilesForWorkers() && serveThreads();
 * ```
 */
export function compilesForWorkers(): boolean {
  return spindleIsCompiled && !stripsTypesNatively();
}

/**
 * Starts compiling the `.ts` task module at `moduleUrl` on the main thread, where Node cannot
 * strip types, so that the compile overlaps the workers' start-up instead of following it.
 */
export function prepareTypeScript(moduleUrl: string): void {
  if (!isMainThread || !compilesForWorkers() || !isTypeScriptUrl(moduleUrl)) return;
  void import('./typescript-compiler.ts')
    .then(({ compileTypeScript }) => compileTypeScript(moduleUrl))
    .catch(() => undefined); // a worker that asks gets the failure, and tsx takes over
}

let threadServer: BroadcastChannel | undefined;

/**
 * Answers this process's worker threads; called on the main thread when it starts a worker.
 * Returns whether workers may ask (so the spawner tells them).
 */
export function serveThreads(): boolean {
  if (!isMainThread) return (globalThis as { [SERVED_THREAD]?: boolean })[SERVED_THREAD] === true;
  if (threadServer === undefined) {
    threadServer = new BroadcastChannel(CHANNEL);
    // Only questions keep nothing alive: the workers asking hold the process open.
    threadServer.unref();
    const server = threadServer;
    server.onmessage = (event: unknown) => {
      const question = (event as MessageEvent).data as { [ASK]?: Question };
      if (question?.[ASK] !== undefined)
        void answer(question[ASK]).then((reply) => server.postMessage({ [ANSWER]: reply }));
    };
  }
  return true;
}

/** Answers a child's questions on its IPC channel; its environment tells it to ask. */
export function serveChild(child: {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  send(message: unknown): boolean;
  readonly connected: boolean;
}): void {
  child.on('message', (message) => {
    const question = (message as { [ASK]?: Question } | null)?.[ASK];
    if (question === undefined) return;
    void answer(question).then((reply) => {
      if (child.connected) child.send({ [ANSWER]: reply });
    });
  });
}

let asked = 0;

/**
 * The URL of the compiled copy of `moduleUrl`, asked of the process that started this worker;
 * undefined when it cannot compile (then tsx is the way).
 */
export function askCompiled(moduleUrl: string): Promise<string | undefined> {
  const id = `${process.pid}:${threadId}:${++asked}`;
  return new Promise((resolve) => {
    let settle: (url: string | undefined) => void;
    const timer = setTimeout(() => settle(undefined), ANSWER_TIMEOUT_MS);
    const onAnswer = (message: unknown) => {
      const reply = (message as { [ANSWER]?: Answer } | null)?.[ANSWER];
      if (reply?.id === id) settle(reply.url);
    };
    if (servedByParent) {
      process.on('message', onAnswer);
      settle = (url) => {
        clearTimeout(timer);
        process.off('message', onAnswer);
        resolve(url);
      };
      process.send!({ [ASK]: { id, url: moduleUrl } });
      return;
    }
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event: unknown) => onAnswer((event as MessageEvent).data);
    settle = (url) => {
      clearTimeout(timer);
      channel.close();
      resolve(url);
    };
    channel.postMessage({ [ASK]: { id, url: moduleUrl } });
  });
}
