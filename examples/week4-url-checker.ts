/**
 * Week 4, example 01_thread_pool.py — a parallel URL checker:
 *
 *   with ThreadPoolExecutor(max_workers=len(URLs)) as ex:
 *       futures = {ex.submit(check_url, u): u for u in URLs}
 *       for future in as_completed(futures):
 *           url, ok, elapsed = future.result()
 *           status = "OK" if ok else "FAIL"
 *           print(f"[{status}] {url}  ({elapsed:.2f}s)")
 *
 * Self-contained: a local server stands in for the sites (one of them down, one unreachable).
 * The grown-up tool is `spindle check URL…`.
 */
import { asCompleted, ThreadPoolExecutor } from 'spindle';
import { startLocalSites } from './local-sites.ts';
import { checkUrl } from './url-tasks.ts';

const sites = await startLocalSites(['www.python.org', 'docs.python.org', 'pypi.org']);
{
  await using ex = new ThreadPoolExecutor({ maxWorkers: sites.urls.length });
  const futures = sites.urls.map((u) => ex.submit(checkUrl, u));
  for await (const future of asCompleted(futures)) {
    const { url, ok, seconds } = await future; // Python: future.result()
    console.log(`[${ok ? 'OK' : 'FAIL'}] ${url}  (${seconds.toFixed(2)}s)`);
  }
}
sites.close();
