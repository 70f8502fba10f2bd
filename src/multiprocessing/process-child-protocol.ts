import type { TaskDefinition } from '../tasks/describe.ts';

/** The child of a `Process` asks for its boot message with this once it listens. */
export const PROCESS_HELLO = 'spindle:process-hello';

/** What a `Process` child receives: its target, its arguments (Connections as markers) and its name. */
export interface ProcessBoot {
  target: TaskDefinition;
  args: unknown[];
  name: string;
  /** The parent's main script (tasks/main-script.ts), when known. */
  mainScript: string | undefined;
}
