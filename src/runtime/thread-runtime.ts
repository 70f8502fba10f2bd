import { MessageChannel, Worker } from 'node:worker_threads';
import { resolveTsxApi } from '../tasks/typescript-loader.ts';
import { compilesForWorkers, SERVED_THREAD, serveThreads } from '../tasks/typescript-service.ts';
import { CallClaims } from '../wire/call-claims.ts';
import { createChannelBuffer } from '../wire/channel-layout.ts';
import { ChannelReceiver } from '../wire/channel-receiver.ts';
import { ChannelSender } from '../wire/channel-sender.ts';
import type { Batch } from '../wire/outbox.ts';
import type { WorkerBoot } from '../wire/protocol.ts';
import { entryUrl } from './entry-url.ts';
import type { Runtime, SpawnOptions, WorkerHandle, WorkerListener } from './runtime.ts';
import { markThreadDead, threadTableBuffer } from './thread-table.ts';

/** spindle's worker-side entry: `.ts` when running from src/, `.js` from dist/. */
const entry = entryUrl('thread-entry');
const entryIsTypeScript = entry.endsWith('.ts');

/**
 * A tiny CommonJS bootstrap evaluated as the worker's script: it turns on V8's on-disk compile
 * cache where Node has one (≥ 22.1; each worker compiles spindle and the task modules again
 * otherwise), registers tsx when spindle itself runs from TypeScript sources (tsx's loader never
 * reaches worker threads on its own), notes whether the main thread compiles `.ts` task modules
 * for it (typescript-service.ts), then imports the real entry. Compiled users never load tsx.
 */
const bootstrap = `
const { workerData } = require('node:worker_threads');
require('node:module').enableCompileCache?.();
if (workerData.typescriptServed) globalThis[Symbol.for('${SERVED_THREAD.description}')] = true;
(async () => {
  if (workerData.tsxApi) {
    (await import(workerData.tsxApi)).register();
    globalThis[Symbol.for('spindle.tsx-registered')] = true;
  }
  await import(workerData.entry);
})().catch((error) => setImmediate(() => { throw error; }));
`;

let tsxApi: string | undefined;

/** Runs workers as `worker_threads` in this process. */
export const threadRuntime: Runtime = {
  spawn(options: SpawnOptions, listener: WorkerListener): WorkerHandle {
    if (entryIsTypeScript) tsxApi ??= resolveTsxApi();
    // Calls and answers travel through shared memory, with a port each for what it cannot carry.
    const callPorts = new MessageChannel();
    const answerPorts = new MessageChannel();
    const callBuffer = createChannelBuffer();
    const answerBuffer = createChannelBuffer();
    const calls = new ChannelSender(callBuffer, callPorts.port1);
    const answers = new ChannelReceiver(answerBuffer, answerPorts.port1);
    const workerData: WorkerBoot = {
      ...options.boot,
      entry,
      tsxApi,
      channels: {
        calls: { buffer: callBuffer, port: callPorts.port2 },
        answers: { buffer: answerBuffer, port: answerPorts.port2 },
      },
      threadTable: threadTableBuffer(),
      // Where Node cannot strip types, `.ts` task modules are compiled once for all workers.
      typescriptServed: compilesForWorkers() && serveThreads(),
    };
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData,
      transferList: [callPorts.port2, answerPorts.port2],
      resourceLimits: options.resourceLimits,
    });
    let crash: Error | undefined;
    const deliver = (batch: Batch) => listener.message(batch);
    answers.listenToPort(deliver);
    worker.on('error', (error) => {
      crash = error;
    });
    const { threadId } = worker;
    worker.on('exit', (exitCode) => {
      // Answers the worker wrote before it died are in shared memory still: they count.
      answers.drainAnnounced(deliver);
      answers.close();
      callPorts.port1.close();
      markThreadDead(threadId);
      listener.exit({ exitCode, signal: null, error: crash });
    });
    return {
      post: (batch, transfer) => calls.send(batch, transfer),
      ref: () => worker.ref(),
      unref: () => worker.unref(),
      terminate: () => void worker.terminate(),
    };
  },
  createClaims: (capacity) => new CallClaims(capacity),
};
