/**
 * Chapter 13, exercise 3 — use ThreadPoolExecutor to fetch URLs concurrently:
 *
 *   with ThreadPoolExecutor(max_workers=5) as ex:
 *       for url, page in zip(urls, ex.map(lambda u: requests.get(u).text, urls)):
 *           print(url, len(page))
 *
 * Self-contained: a local server stands in for the sites. `map` keeps the input order. The
 * grown-up tool is `spindle download URL… -o DIR`.
 */
import { ThreadPoolExecutor } from 'spindle';
import { startLocalSites } from './local-sites.ts';
import { checkUrl } from './url-tasks.ts';

const sites = await startLocalSites(['a.html', 'b.html', 'c.html', 'd.html', 'e.html']);
const urls = sites.urls.slice(0, 5);
{
  await using ex = new ThreadPoolExecutor({ maxWorkers: 5 });
  for await (const { url, status, bytes } of ex.map(checkUrl, urls)) console.log(url, status, bytes);
}
sites.close();
