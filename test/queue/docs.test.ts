/** docs/queue.md against the code: every public member is named, and the item rule is the real one. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Queue } from '../../src/queue/index.ts';

const guide = readFileSync(new URL('../../docs/queue.md', import.meta.url), 'utf8');
/** The guide with its line breaks folded, so that a phrase can be found across lines. */
const prose = guide.replace(/\s+/g, ' ');

/** The public members of a Queue: own names along its prototype chain, minus the internals. */
function publicMembers(): string[] {
  const names = new Set<string>();
  for (let p = Queue.prototype; p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) names.add(name);
  }
  for (const internal of ['constructor', 'wireMeta']) names.delete(internal);
  return [...names];
}

describe('docs/queue.md', () => {
  it('names every public member of Queue (unfinishedTasks included)', () => {
    const members = publicMembers();
    assert.ok(members.includes('unfinishedTasks'));
    for (const name of members) assert.ok(guide.includes(`q.${name}`), `docs/queue.md names q.${name}`);
  });

  it('says that put refuses a class instance, as put does, and not that v8 carries it', () => {
    class Point {
      x = 1;
    }
    const q = new Queue();
    assert.throws(
      () => q.putNowait(new Point()),
      (e: unknown) => e instanceof TypeError && /Point/.test(e.message),
    );
    assert.throws(() => q.putNowait({ f: () => 1 }), TypeError);
    assert.match(
      prose,
      /A class instance or a function anywhere in an item is refused at `put` with a `TypeError`/,
    );
    assert.doesNotMatch(
      prose,
      /\(class instances,/,
      'class instances are not listed as going through node:v8',
    );
  });
});
