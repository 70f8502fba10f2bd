/**
 * Children never outlive their parent, even one killed by SIGKILL while they are busy in a
 * synchronous loop (where their own `disconnect` handler never gets to run).
 *
 * The parent starts one tiny watchdog per process, on its first fork: `/bin/sh` reading pid lines
 * on a pipe whose write end only this process holds. `+pid` adds a child, `-pid` removes one that
 * exited. When this process dies, however it dies, the kernel closes that pipe; the shell reads
 * end-of-file and SIGKILLs the children still listed. The watchdog sits in its own session, so a
 * Ctrl-C or a signal to the parent's process group does not take it down first.
 *
 * Chosen over a watchdog thread in each child (blocked in a read of an inherited pipe) by
 * measurement: the thread cost each child ~90 ms CPU and ~9 MiB to start, and a thread blocked
 * in `read()` made the child's own `process.exit()` hang until the parent died. The shell costs
 * the parent ~5 ms CPU once and each child nothing. Not on Windows (no `sh`), where children
 * still exit when their IPC channel closes.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** Collects `+pid`/`-pid` lines until end-of-file, then SIGKILLs the pids left. */
const SCRIPT = `pids=' '
while read -r line; do
  pid=\${line#?}
  case $line in
    +*) pids="$pids$pid " ;;
    -*) case $pids in *" $pid "*) pids="\${pids%% $pid *} \${pids#* $pid }" ;; esac ;;
  esac
done
[ -n "\${pids# }" ] && kill -KILL $pids 2>/dev/null
exit 0`;

/** The children this process started that have not exited yet. */
const guarded = new Set<number>();
let watchdog: ChildProcess | undefined;

/**
 * Puts `child` under the watchdog (starting it on the first call): if this process dies, `child`
 * is SIGKILLed. The child leaves the watchdog's list when it exits.
 *
 * @example
 * ```ts
 * const child = fork(entry);
 * watchChild(child); // kill -9 of this process now takes `child` down too
 * ```
 */
export function watchChild(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined || process.platform === 'win32') return;
  guarded.add(pid);
  child.once('exit', () => {
    guarded.delete(pid);
    tell(`-${pid}\n`);
  });
  if (watchdog === undefined) startWatchdog();
  else tell(`+${pid}\n`);
}

function startWatchdog(): void {
  const dog = spawn('/bin/sh', ['-c', SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  watchdog = dog;
  // A watchdog that could not start or was killed is replaced on the next fork, which lists
  // every child still alive again.
  const lost = () => {
    if (watchdog === dog) watchdog = undefined;
  };
  dog.on('error', lost);
  dog.on('exit', lost);
  dog.stdin!.on('error', lost);
  dog.unref();
  (dog.stdin as unknown as { unref(): void }).unref();
  tell([...guarded].map((pid) => `+${pid}\n`).join(''));
}

function tell(lines: string): void {
  if (watchdog?.stdin?.writable) watchdog.stdin.write(lines);
}
