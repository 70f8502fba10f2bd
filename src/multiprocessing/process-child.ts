/**
 * Child-process entry of {@link Process}: receives the target and its arguments, revives the
 * Connections among them, runs the target and exits — 0 when it returns, 1 when it throws
 * (printing `Process <name>:` and the stack to stderr, as Python does), the code given to
 * `process.exit()` otherwise. It also exits when its parent goes away.
 */
import { resolveTask } from '../tasks/resolve.ts';
import '../threading/shared-kinds.ts';
import { setProgramMain } from '../tasks/main-script.ts';
import { TSX_REGISTERED } from '../tasks/typescript-loader.ts';
import { markWorkerProcess } from '../threading/block.ts';
import { reviveShared } from '../wire/shared-codec.ts';
import { CONNECTION_MARKER, Connection, type ConnectionMarker } from './connection.ts';
import { drained, isPipeEnvelope, receive } from './pipe-router.ts';
import { PROCESS_HELLO, type ProcessBoot } from './process-child-protocol.ts';

// This process exists to run tasks: its main thread may block in …Sync calls.
markWorkerProcess();

if (process.execArgv.some((arg) => arg.includes('tsx'))) {
  (globalThis as { [TSX_REGISTERED]?: boolean })[TSX_REGISTERED] = true;
}

let name = 'Process';
const report = (error: unknown) => {
  const text = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  process.stderr.write(`Process ${name}:\n${text}\n`);
};

process.on('disconnect', () => process.exit(process.exitCode ?? 1));
process.on('uncaughtException', (error) => {
  report(error);
  process.exit(1);
});
process.on('message', (message: unknown) => {
  if (isPipeEnvelope(message)) receive(message);
  else if (typeof message === 'object' && message !== null && 'target' in message)
    void run(message as ProcessBoot);
});
process.send!(PROCESS_HELLO);

async function run(boot: ProcessBoot): Promise<void> {
  name = boot.name;
  setProgramMain(boot.mainScript);
  let code = 0;
  try {
    const args = boot.args.map((arg) =>
      typeof arg === 'object' && arg !== null && CONNECTION_MARKER in arg
        ? Connection.revive(arg as ConnectionMarker)
        : reviveShared(arg),
    );
    const target = await resolveTask(boot.target);
    await target(...args);
  } catch (error) {
    report(error);
    code = 1;
  }
  // Pipe messages the target sent are written before the process goes.
  await drained();
  process.exit(typeof process.exitCode === 'number' && code === 0 ? process.exitCode : code);
}
