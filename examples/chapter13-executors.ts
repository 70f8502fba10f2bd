/**
 * Chapter 13 §3, concurrent.futures:
 *
 *   with ThreadPoolExecutor(max_workers=3) as executor:
 *       results = list(executor.map(square, range(5)))
 *       print("Threads:", results)
 *
 *   with ProcessPoolExecutor(max_workers=3) as executor:
 *       results = list(executor.map(square, range(5)))
 *       print("Processes:", results)
 */
import { ProcessPoolExecutor, ThreadPoolExecutor } from 'spindle';
import { square } from './tasks.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

{
  await using executor = new ThreadPoolExecutor({ maxWorkers: 3 });
  const results = await executor.map(square, range(5)).toArray();
  console.log('Threads:', results);
}

{
  await using executor = new ProcessPoolExecutor({ maxWorkers: 3 });
  const results = await executor.map(square, range(5)).toArray();
  console.log('Processes:', results);
}
