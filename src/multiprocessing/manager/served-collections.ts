/** The Manager's dict and list: plain data held by the parent, changed one call at a time. */
import { ServedTable } from './served.ts';

function checkIndex(list: unknown[], index: unknown): number {
  if (!Number.isInteger(index)) throw new TypeError(`list index must be an integer, got ${String(index)}`);
  const i = (index as number) < 0 ? list.length + (index as number) : (index as number);
  if (i < 0 || i >= list.length) throw new RangeError(`list index ${String(index)} out of range`);
  return i;
}

export function servedDict(initial: Iterable<[unknown, unknown]>): ServedTable {
  const map = new Map(initial);
  return new ServedTable('dict', {
    get: ([key, fallback]) => (map.has(key) ? map.get(key) : fallback),
    set: ([key, value]) => {
      map.set(key, value);
    },
    has: ([key]) => map.has(key),
    delete: ([key]) => map.delete(key),
    pop: ([key, fallback]) => {
      if (!map.has(key)) {
        if (fallback === undefined) throw new RangeError(`key ${String(key)} is not in the dict`);
        return fallback;
      }
      const value = map.get(key);
      map.delete(key);
      return value;
    },
    setdefault: ([key, value]) => {
      if (!map.has(key)) map.set(key, value);
      return map.get(key);
    },
    update: ([entries]) => {
      for (const [k, v] of entries as Iterable<[unknown, unknown]>) map.set(k, v);
    },
    keys: () => [...map.keys()],
    values: () => [...map.values()],
    items: () => [...map.entries()],
    size: () => map.size,
    clear: () => map.clear(),
    toMap: () => new Map(map),
  });
}

export function servedList(initial: Iterable<unknown>): ServedTable {
  const list = [...initial];
  return new ServedTable('list', {
    get: ([index]) => list[checkIndex(list, index)],
    set: ([index, value]) => {
      list[checkIndex(list, index)] = value;
    },
    append: ([value]) => {
      list.push(value);
    },
    extend: ([values]) => {
      list.push(...(values as unknown[]));
    },
    insert: ([index, value]) => {
      list.splice(Math.max(0, Math.min(list.length, index as number)), 0, value);
    },
    pop: ([index]) => {
      if (list.length === 0) throw new RangeError('pop from an empty list');
      return list.splice(index === undefined ? list.length - 1 : checkIndex(list, index), 1)[0];
    },
    length: () => list.length,
    toArray: () => list.slice(),
    clear: () => {
      list.length = 0;
    },
  });
}
