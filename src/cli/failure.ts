/**
 * One line that says what went wrong, for a runtime error that reached the top of `spindle`:
 * system errors (a file that exists, a full disk, a taken port, an unknown host) in words, with
 * what the tool was doing; any other error by its message. The stack only with `--debug`.
 */
import { ToolError } from './exit-codes.ts';

const REASONS: Record<string, string> = {
  EEXIST: 'a file of that name already exists',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory',
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  EADDRINUSE: 'the address is already in use',
  EADDRNOTAVAIL: 'the address is not one of this machine',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
  ECONNREFUSED: 'connection refused',
};

const ACTIONS: Record<string, string> = {
  mkdir: 'cannot create directory',
  open: 'cannot open',
  write: 'cannot write',
  rename: 'cannot rename',
  getaddrinfo: 'cannot resolve',
  listen: 'cannot listen on',
  bind: 'cannot listen on',
  connect: 'cannot connect to',
};

interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  address?: string;
  port?: number;
  hostname?: string;
}

/**
 * The one-line description of `error` (without the `spindle:` prefix).
 *
 * @example
 * ```ts
 * describeFailure(Object.assign(new Error('x'), { code: 'ENOSPC', syscall: 'write' })); // 'cannot write: no space left on device'
 * ```
 */
export function describeFailure(error: unknown): string {
  if (error instanceof ToolError) return error.message;
  const system = systemError(error);
  if (system !== undefined) {
    const reason = REASONS[system.code] ?? system.message.replace(/^[A-Z_]+: /, '');
    const action = system.syscall === undefined ? undefined : (ACTIONS[system.syscall] ?? system.syscall);
    const target = system.path ?? system.hostname ?? address(system);
    const doing = [action, target].filter((part) => part !== undefined).join(' ');
    return doing === '' ? reason : `${doing}: ${reason}`;
  }
  if (error instanceof Error) return error.message.split('\n')[0]!;
  return String(error);
}

/** The first error along the `cause` chain that carries a system error code. */
function systemError(error: unknown): SystemError | undefined {
  for (let at = error, depth = 0; at instanceof Error && depth < 8; at = at.cause, depth++) {
    const code = (at as Partial<SystemError>).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code) && (code in REASONS || 'syscall' in at))
      return at as SystemError;
  }
  return undefined;
}

function address(error: SystemError): string | undefined {
  if (error.address === undefined) return undefined;
  return error.port === undefined ? error.address : `${error.address}:${error.port}`;
}
