/**
 * File names for downloads: taken from Content-Disposition (`filename*` in RFC 5987/8187 form
 * first, then `filename`) or the URL's last path segment, then sanitised so a hostile server can
 * never write outside the output directory: no path separators, no `..`, no control characters,
 * no bidirectional controls (U+202E would show `‮txt.exe` as `exe.txt`), no leading dots or
 * trailing dots/spaces, no empty names, at most {@link MAX_NAME_BYTES} bytes. A URL without a file
 * name (`http://host/`) is saved as `index.html`, as wget does.
 */
import { Buffer } from 'node:buffer';

/** The longest name kept, in UTF-8 bytes (room for `" (99).part"` under the usual 255). */
export const MAX_NAME_BYTES = 200;
const FALLBACK = 'download';
/** The name of a URL whose path ends in `/`. */
export const INDEX_NAME = 'index.html';

/** The bytes of a percent-encoded value (RFC 3986 `%XX`; other characters as UTF-8). */
function percentBytes(value: string): Buffer {
  const parts: Buffer[] = [];
  for (const piece of value.split(/(%[0-9A-Fa-f]{2})/)) {
    if (piece.length === 3 && piece[0] === '%')
      parts.push(Buffer.from([Number.parseInt(piece.slice(1), 16)]));
    else if (piece !== '') parts.push(Buffer.from(piece, 'utf8'));
  }
  return Buffer.concat(parts);
}

/** The raw file name a Content-Disposition header proposes, before sanitising. */
export function dispositionName(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^;]*)/i.exec(header)?.[1]?.trim();
  if (extended !== undefined) {
    const match = /^([\w!#$%&+^`{}~-]+)'[^']*'(.*)$/.exec(extended);
    if (match !== null) {
      const bytes = percentBytes(match[2]!.replace(/^"|"$/g, ''));
      return bytes.toString(match[1]!.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1');
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/i.exec(header)?.[1]?.trim();
  if (plain === undefined) return undefined;
  return plain.startsWith('"') ? plain.slice(1, -1).replace(/\\(.)/g, '$1') : plain;
}

/** The last segment of the URL's path, percent-decoded when that is valid. */
export function urlName(url: URL): string {
  const segment = url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Cuts `text` to at most `max` UTF-8 bytes without splitting a character. */
function clip(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch) > max) break;
    out += ch;
  }
  return out;
}

/** A safe single-component file name for `raw`, or `fallback` when nothing usable is left. */
export function sanitizeName(raw: string, fallback = FALLBACK): string {
  // Only the last component of any path counts; both separators are path separators here.
  const base = raw.split(/[/\\]/).pop() ?? '';
  let name = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    // Bidirectional marks, embeddings, overrides and isolates: they make a name read as another.
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = clip(name.slice(0, name.length - ext.length), MAX_NAME_BYTES - Buffer.byteLength(ext)) + ext;
  }
  return name === '' ? fallback : name;
}

/** The sanitised name for a response: Content-Disposition first, then the URL path. */
export function chooseName(url: URL, contentDisposition: string | undefined): string {
  const proposed = dispositionName(contentDisposition);
  const fromUrl = sanitizeName(urlName(url), INDEX_NAME);
  return proposed === undefined ? fromUrl : sanitizeName(proposed, fromUrl);
}
