/**
 * What the downloader reports while it runs. On a terminal: a total bar and one bar per active
 * file (see bars.ts); otherwise plain log lines on stderr, one per retry and per finished URL.
 */
import { paint, say } from '../output.ts';
import type { DownloadResult } from './types.ts';

/** Events of a download run; every method is cheap and never throws. */
export interface Progress {
  /** A file got its name; `total` is the expected size when known, `from` the bytes resumed. */
  named(id: number, name: string, total: number | undefined, from: number): void;
  /** `bytes` more bytes of file `id` arrived. */
  advance(id: number, bytes: number): void;
  /** An attempt failed and another follows after `delayMs`. */
  retry(id: number, url: string, reason: string, delayMs: number): void;
  /** A URL finished (ok, failed or interrupted). */
  done(id: number, result: DownloadResult): void;
  /** Removes any drawing before the summary is printed. */
  stop(): void;
}

/** Human-readable bytes: `1.5 MiB`. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(n)} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Seconds with one decimal, from milliseconds. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Log lines for a non-terminal stderr. */
export function plainProgress(): Progress {
  return {
    named() {},
    advance() {},
    retry(_id, url, reason, delayMs) {
      say(`${paint('yellow', 'retry ')} ${url}: ${reason}; next attempt in ${formatSeconds(delayMs)}`);
    },
    done(_id, result) {
      if (result.status === 'ok') {
        say(
          `${paint('green', 'ok    ')} ${result.url} → ${result.file} (${result.skipped ?? `${formatBytes(result.bytes)}, ${formatSeconds(result.durationMs)}`})`,
        );
      } else {
        say(
          `${paint('red', result.status === 'failed' ? 'failed' : 'stopped')} ${result.url}: ${result.error}`,
        );
      }
    },
    stop() {},
  };
}
