/** Parsing the numbers and names `spindle crunch` takes, with one-line usage errors. */
import { availableParallelism } from 'node:os';
import { UsageError } from '../exit-codes.ts';

/** The largest N for primes: base primes up to 10^6, sieve bytes indexed exactly in doubles. */
export const MAX_N = 1e12;

/**
 * An integer written as `1000000`, `1_000_000`, `1,000,000`, `1e9`, `2.5e8` or `10^9`, within
 * [min, max]; anything else is a usage error naming `option`.
 *
 * @example
 * ```ts
 * parseInteger('10^9', '--to', 2, 1e12); // 1000000000
 * ```
 */
export function parseInteger(text: string, option: string, min: number, max: number): number {
  const plain = text.trim().replace(/[_,]/g, '');
  const power = /^(\d+)\^(\d+)$/.exec(plain);
  const value = power
    ? Number(power[1]) ** Number(power[2])
    : /^\d+(\.\d+)?(e\d+)?$/i.test(plain)
      ? Number(plain)
      : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const hint = max >= 1e6 ? ' (like 1e9, 10^9 or 1_000_000_000)' : '';
    throw new UsageError(
      `${option} must be an integer from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}${hint}, got "${text}"`,
    );
  }
  return value;
}

/** `--workers`: 1…256, default the CPUs available. */
export function parseWorkers(text: string | undefined): number {
  return text === undefined ? availableParallelism() : parseInteger(text, '--workers', 1, 256);
}

/** The backends `--backend` accepts and `--compare` runs, in the order it runs them. */
export const BACKENDS = ['serial', 'threads', 'processes'] as const;
/** A local backend, or a Redis URL: the distributed executor and its `spindle worker`s. */
export type BackendName = (typeof BACKENDS)[number] | `redis://${string}` | `rediss://${string}`;

/**
 * `--backend NAME` checked: one of {@link BACKENDS}.
 *
 * @example
 * ```ts
 * parseBackend('threads'); // 'threads'
 * ```
 */
export function parseBackend(text: string): BackendName {
  if ((BACKENDS as readonly string[]).includes(text)) return text as BackendName;
  if (/^rediss?:\/\/[^/\s]+/.test(text)) return text as BackendName;
  throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')} or a redis:// URL, got "${text}"`);
}
