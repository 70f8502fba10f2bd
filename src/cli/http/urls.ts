/**
 * The URL list of a network tool: positional arguments plus `-i FILE` (or `-i -` for stdin), one
 * URL per line, blank lines and `#` comments skipped. Each line may carry extra words after the
 * URL (the downloader reads `sha256=HEX` there). A malformed or non-http(s) URL is a usage error.
 */
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { UsageError } from '../exit-codes.ts';

/** One input line: the URL and the words that followed it. */
export interface UrlItem {
  url: URL;
  extras: string[];
}

/** Parses `raw` as an absolute http or https URL, or throws a UsageError naming it. */
export function parseHttpUrl(raw: string, where: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${where}: not a valid URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${where}: only http and https URLs are supported: ${JSON.stringify(raw)}`);
  }
  return url;
}

/** Reads the URLs of the positional arguments and of `input` (a path, or `-` for stdin). */
export async function collectUrls(args: readonly string[], input: string | undefined): Promise<UrlItem[]> {
  const items = args.map((arg) => ({ url: parseHttpUrl(arg, 'argument'), extras: [] as string[] }));
  if (input !== undefined) {
    let content: string;
    try {
      content = input === '-' ? await text(process.stdin) : await readFile(input, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${input}: ${(error as Error).message}`);
    }
    const lines = content.split(/\r?\n/);
    lines.forEach((line, index) => {
      const words = line.trim().split(/\s+/);
      if (words[0] === '' || words[0]!.startsWith('#')) return;
      const where = `${input === '-' ? 'stdin' : input}:${index + 1}`;
      items.push({ url: parseHttpUrl(words[0]!, where), extras: words.slice(1) });
    });
  }
  if (items.length === 0) throw new UsageError('no URLs given (pass URLs as arguments or -i FILE|-)');
  return items;
}

/**
 * How a URL is shown in output and reports: its `user:password@` replaced by `***@`, so
 * credentials never reach a log, a CI artefact or a terminal scrollback.
 *
 * @example
 * shownUrl(new URL('https://me:secret@example.com/x')); // 'https://***@example.com/x'
 */
export function shownUrl(url: URL): string {
  if (url.username === '' && url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.username = '***';
  copy.password = '';
  return copy.href;
}
