import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runExample } from './helpers/run-example.ts';

// The examples import 'spindle' and 'spindle/queue', which resolve to dist/: `npm test` builds first.
const example = runExample;

describe('threading and queue examples from week 4', () => {
  test('producer–consumer: 20 items produced, each processed exactly once by one of 4 consumers', {
    timeout: 60_000,
  }, async () => {
    const lines = (await example('week4-producer-consumer.ts')).trimEnd().split('\n');
    const items = Array.from({ length: 20 }, (_, i) => `item-${String(i).padStart(2, '0')}`);
    const produced = lines.filter((l) => l.startsWith('  Produced: ')).map((l) => l.slice(12));
    assert.deepEqual(produced, items, 'produced in order, once each');
    const processed = lines
      .map((l) => /^ {2}Consumer-([0-3]): processed (item-\d\d)$/.exec(l))
      .filter((m) => m !== null);
    assert.deepEqual(processed.map((m) => m[2]).sort(), items, 'every item processed exactly once');
    assert.ok(new Set(processed.map((m) => m[1])).size > 1, 'more than one consumer did work');
    assert.equal(lines.length, 41, 'nothing else is printed');
    assert.equal(lines.at(-1), 'All done');
  });
});
