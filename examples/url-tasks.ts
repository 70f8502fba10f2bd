/** Tasks of the URL-fetching examples: each runs in a worker thread and does real HTTP. */
import { defineTask } from 'spindle';

/** What one check found. */
export interface UrlCheck {
  url: string;
  ok: boolean;
  status: number;
  bytes: number;
  seconds: number;
}

/**
 * GETs `url` with a 5 s timeout (Python's `urlopen(url, timeout=5)`) and reports the status,
 * body size and time; a network error or a non-2xx status is `ok: false`.
 */
export const checkUrl = defineTask(import.meta.url, async function checkUrl(url: string): Promise<UrlCheck> {
  const start = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    const bytes = (await response.arrayBuffer()).byteLength;
    return {
      url,
      ok: response.ok,
      status: response.status,
      bytes,
      seconds: (performance.now() - start) / 1000,
    };
  } catch {
    return { url, ok: false, status: 0, bytes: 0, seconds: 0 };
  }
});
