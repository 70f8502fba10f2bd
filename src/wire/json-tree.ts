/**
 * Which values JSON carries exactly as structured clone would — so codecs can pick cheap JSON
 * text for them and V8's serializer for everything else. Shared by the queue's item codec and
 * the distributed job codec.
 */
import { types } from 'node:util';

/** Deeper trees go through v8 (JSON would recurse as deep; v8 is the reference for odd cases). */
const MAX_JSON_DEPTH = 32;

/**
 * True when `JSON.parse(JSON.stringify(root))` gives exactly what structured clone would: a tree
 * — no object reached twice — of plain objects (prototype Object.prototype, not proxies) and
 * dense arrays with no extra properties, whose leaves are strings, booleans, null and finite
 * numbers other than -0. (Own getters are read once here and once by JSON.stringify, where
 * structured clone reads them once.)
 */
export function isJsonTree(root: unknown): boolean {
  return jsonTree(root, new Set(), 0);
}

function jsonTree(value: unknown, seen: Set<object>, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth >= MAX_JSON_DEPTH || seen.has(value) || types.isProxy(value)) return false;
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    if (!Array.isArray(value)) return false;
    const array = value as unknown[];
    // Holes and named properties on an array survive structured clone but not JSON.
    if (Object.keys(array).length !== array.length) return false;
    for (let i = 0; i < array.length; i++) if (!jsonTree(array[i], seen, depth + 1)) return false;
    return true;
  }
  if (proto !== Object.prototype) return false;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!jsonTree(record[key], seen, depth + 1)) return false;
  return true;
}
