/**
 * Progress bars for a terminal (a {@link ProgressArea} on stderr): one total bar counting files
 * and bytes with the overall rate, and one bar per file in flight with its rate and ETA. Retries
 * and failures are logged above the bars.
 */
import { paint } from '../output.ts';
import { bar, ProgressArea } from '../progress-area.ts';
import { formatBytes, formatSeconds, type Progress } from './progress.ts';

interface FileBar {
  name: string;
  size: number | undefined;
  from: number;
  started: number;
  received: number;
}

const LABEL = 24;
const WIDTH = 24;

const perSecond = (bytes: number, since: number) =>
  bytes / Math.max(0.001, (performance.now() - since) / 1000);

function label(name: string): string {
  return name.length > LABEL ? `${name.slice(0, LABEL - 1)}…` : name.padEnd(LABEL);
}

function percent(fraction: number | undefined): string {
  return fraction === undefined ? '  ?%' : `${Math.floor(100 * Math.min(1, fraction))}%`.padStart(4);
}

function fileLine(file: FileBar): string {
  const at = file.from + file.received;
  const rate = perSecond(file.received, file.started);
  const fraction = file.size === undefined || file.size === 0 ? undefined : at / file.size;
  const eta =
    file.size === undefined || rate === 0 ? '?' : formatSeconds((1000 * Math.max(0, file.size - at)) / rate);
  return `${label(file.name)} [${bar(fraction, WIDTH)}] ${percent(fraction)} | ${formatBytes(at)} | ${formatBytes(rate)}/s | ETA ${eta}`;
}

/** Bars for `count` URLs. */
export function barProgress(count: number): Progress {
  const started = performance.now();
  let bytes = 0;
  let finished = 0;
  const files = new Map<number, FileBar>();
  const area = new ProgressArea(() => [
    `${label('total')} [${bar(finished / count, WIDTH)}] ${percent(finished / count)} | ${finished}/${count} files, ${formatBytes(bytes)} | ${formatBytes(perSecond(bytes, started))}/s`,
    ...[...files.values()].map(fileLine),
  ]);

  return {
    named(id, name, size, from) {
      files.set(id, { name, size, from, started: performance.now(), received: 0 });
    },
    advance(id, n) {
      bytes += n;
      const file = files.get(id);
      if (file !== undefined) file.received += n;
    },
    retry(_id, url, reason, delayMs) {
      area.log(`${paint('yellow', 'retry ')} ${url}: ${reason}; next attempt in ${formatSeconds(delayMs)}`);
    },
    done(id, result) {
      files.delete(id);
      finished++;
      if (result.status === 'failed') area.log(`${paint('red', 'failed')} ${result.url}: ${result.error}`);
    },
    stop() {
      area.stop();
    },
  };
}
