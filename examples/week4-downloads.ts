/**
 * Week 4, I/O-bound work on a ThreadPoolExecutor:
 *
 *   with ThreadPoolExecutor(max_workers=4) as executor:
 *       futures = [executor.submit(download, f"http://site{i}.com") for i in range(8)]
 *       results = [f.result() for f in futures]
 *   print(len(results), "downloads done")
 */
import { ThreadPoolExecutor } from 'spindle';
import { download } from './tasks.ts';

const started = performance.now();
{
  await using executor = new ThreadPoolExecutor({ maxWorkers: 4 });
  const futures = Array.from({ length: 8 }, (_, i) => executor.submit(download, `http://site${i}.com`));
  const results: string[] = [];
  for (const f of futures) results.push(await f.result());
  console.log(results.join('\n'));
  console.log(results.length, 'downloads done');
}
// 8 half-second downloads on 4 workers: two rounds, about 1 s rather than 4 s.
console.log(`elapsed ${((performance.now() - started) / 1000).toFixed(2)} s`);
