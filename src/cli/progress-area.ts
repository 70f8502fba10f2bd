/**
 * Progress bars on a terminal: a few lines at the bottom of stderr, redrawn a few times a second
 * from a `render` callback, with log lines printed above them. Only for a TTY (see
 * `interactive()` in output.ts); the lines are cut to the terminal's width so that none wraps.
 */
import type { WriteStream } from 'node:tty';

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const ERASE_DOWN = '\x1b[0J';

/** Options of {@link ProgressArea}. */
export interface ProgressAreaOptions {
  /** Where to draw (default `process.stderr`). */
  stream?: Pick<WriteStream, 'write' | 'columns'>;
  /** Redraws per second (default 8). */
  fps?: number;
}

/**
 * The drawn lines of a progress display; `render` is called at each redraw.
 *
 * @example
 * ```ts
 * let done = 0;
 * const area = new ProgressArea(() => [`work [${bar(done / 10, 20)}] ${done}/10`]);
 * for (let i = 0; i < 10; i++) { await step(); done++; }
 * area.stop();
 * ```
 */
export class ProgressArea {
  readonly #render: () => string[];
  readonly #stream: Pick<WriteStream, 'write' | 'columns'>;
  readonly #timer: NodeJS.Timeout;
  #drawn = 0;
  #stopped = false;

  constructor(render: () => string[], options: ProgressAreaOptions = {}) {
    this.#render = render;
    this.#stream = options.stream ?? process.stderr;
    this.#timer = setInterval(() => this.#draw(''), 1000 / (options.fps ?? 8));
    this.#timer.unref();
    this.#stream.write(HIDE_CURSOR);
    this.#draw('');
  }

  /** Prints `line` above the bars (they are redrawn below it). */
  log(line: string): void {
    if (this.#stopped) this.#stream.write(`${line}\n`);
    else this.#draw(`${line}\n`);
  }

  /** Erases the bars and gives the cursor back; later calls do nothing. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#stream.write(`${this.#erase()}${SHOW_CURSOR}`);
  }

  #erase(): string {
    const up = this.#drawn === 0 ? '' : `\x1b[${this.#drawn}A`;
    this.#drawn = 0;
    return `\r${up}${ERASE_DOWN}`;
  }

  /** One write: erase the old bars, print `above`, draw the new bars. */
  #draw(above: string): void {
    if (this.#stopped) return;
    const width = Math.max(10, (this.#stream.columns || 80) - 1);
    const lines = this.#render().map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
    const erase = this.#erase();
    this.#drawn = lines.length;
    this.#stream.write(`${erase}${above}${lines.map((line) => `${line}\n`).join('')}`);
  }
}

/**
 * A bar `width` characters wide, `fraction` (0…1) of it filled; an unknown fraction is blank.
 *
 * @example
 * ```ts
 * bar(0.5, 10); // '█████░░░░░'
 * ```
 */
export function bar(fraction: number | undefined, width: number): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return ' '.repeat(width);
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}
