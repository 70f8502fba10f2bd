import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bar, ProgressArea } from '../../src/cli/progress-area.ts';

/** A terminal-like stream that keeps what was written. */
function screen(columns: number) {
  const writes: string[] = [];
  return { columns, writes, write: (text: string) => writes.push(text) > 0 };
}

test('draws lines, logs above them, erases them on stop, cuts long lines to the width', () => {
  const stream = screen(20);
  let lines = ['one', 'two'];
  const area = new ProgressArea(() => lines, { stream, fps: 1 });
  assert.equal(stream.writes.join(''), '\x1b[?25l\r\x1b[0Jone\ntwo\n');
  stream.writes.length = 0;
  lines = ['a'.repeat(40)];
  area.log('retry x');
  assert.equal(stream.writes.join(''), `\r\x1b[2A\x1b[0Jretry x\n${'a'.repeat(18)}…\n`);
  stream.writes.length = 0;
  area.stop();
  area.stop();
  assert.equal(stream.writes.join(''), '\r\x1b[1A\x1b[0J\x1b[?25h');
  area.log('after');
  assert.equal(stream.writes.at(-1), 'after\n');
});

test('bar fills its width in proportion; unknown is blank', () => {
  assert.equal(bar(0.5, 10), '█████░░░░░');
  assert.equal(bar(2, 4), '████');
  assert.equal(bar(undefined, 3), '   ');
});
