/**
 * Where a tool writes: data on stdout, messages and progress on stderr. Colour only when stderr
 * is a terminal and neither NO_COLOR nor --no-color says otherwise.
 */
import { styleText } from 'node:util';

let colorEnabled = process.stderr.isTTY === true && !process.env.NO_COLOR;

/** Turns colour off (for `--no-color`). */
export function disableColor(): void {
  colorEnabled = false;
}

/** `text` in `style` when colour is on. */
export function paint(style: Parameters<typeof styleText>[0], text: string): string {
  return colorEnabled ? styleText(style, text) : text;
}

/** A message line on stderr. */
export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** A data line on stdout. */
export function emit(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** True when progress bars may be drawn (stderr is a terminal). */
export function interactive(): boolean {
  return process.stderr.isTTY === true;
}
