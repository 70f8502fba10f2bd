/**
 * Progress bars for a terminal (cli-progress MultiBar on stderr): one total bar counting files and
 * bytes with the overall rate, and one bar per file in flight with its rate and ETA. Retries and
 * failures are logged above the bars.
 */
import cliProgress from 'cli-progress';
import { paint } from '../output.ts';
import { formatBytes, formatSeconds, type Progress } from './progress.ts';

interface FileBar {
  bar: cliProgress.SingleBar;
  name: string;
  started: number;
  received: number;
}

const rate = (bytes: number, since: number) =>
  `${formatBytes(bytes / Math.max(0.001, (performance.now() - since) / 1000))}/s`;

/** Bars for `count` URLs. */
export function barProgress(count: number): Progress {
  const multi = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
      fps: 8,
      barsize: 24,
      format: '{label} [{bar}] {percentage}% | {done} | {rate} | ETA {eta_formatted}',
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let bytes = 0;
  let finished = 0;
  const totalPayload = () => ({
    label: 'total'.padEnd(24),
    done: `${finished}/${count} files, ${formatBytes(bytes)}`,
    rate: rate(bytes, started),
  });
  const total = multi.create(count, 0, totalPayload());
  const files = new Map<number, FileBar>();
  const filePayload = (file: Omit<FileBar, 'bar'>) => ({
    label: file.name.length > 24 ? `${file.name.slice(0, 23)}…` : file.name.padEnd(24),
    done: formatBytes(file.received),
    rate: rate(file.received, file.started),
  });

  return {
    named(id, name, size, from) {
      const previous = files.get(id);
      if (previous !== undefined) multi.remove(previous.bar);
      const fresh = { name, started: performance.now(), received: 0 };
      files.set(id, { ...fresh, bar: multi.create(size ?? 0, from, filePayload(fresh)) });
    },
    advance(id, n) {
      bytes += n;
      const file = files.get(id);
      if (file === undefined) return;
      file.received += n;
      file.bar.increment(n, filePayload(file));
      total.update(finished, totalPayload());
    },
    retry(_id, url, reason, delayMs) {
      multi.log(
        `${paint('yellow', 'retry ')} ${url}: ${reason}; next attempt in ${formatSeconds(delayMs)}\n`,
      );
    },
    done(id, result) {
      const file = files.get(id);
      if (file !== undefined) multi.remove(file.bar);
      files.delete(id);
      finished++;
      total.update(finished, totalPayload());
      if (result.status === 'failed') multi.log(`${paint('red', 'failed')} ${result.url}: ${result.error}\n`);
    },
    stop() {
      multi.stop();
    },
  };
}
