// S6 floor: a bare child_process.fork of an empty file, awaited to its exit.
import { fork } from 'node:child_process';

fork(new URL('./empty.mjs', import.meta.url)).once('exit', (code) => {
  if (code !== 0) throw new Error(`empty child exited with ${code}`);
});
