/**
 * One exit-code scheme for every `spindle` tool: 0 everything succeeded; 1 the job ran but some
 * items failed (a download, a URL), or a runtime error; 2 a usage error; 130 interrupted (Ctrl-C).
 */
export const ExitCode = {
  OK: 0,
  SOME_FAILED: 1,
  USAGE: 2,
  INTERRUPTED: 130,
} as const;

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A runtime failure with a clear cause: printed as one line (no stack), exit code 1. */
export class ToolError extends Error {
  override name = 'ToolError';
}
