/**
 * Chapter 13, exercise 2: compute the factorials of 1–10 in parallel using a process pool.
 *
 *   with ProcessPoolExecutor() as executor:
 *       for n, f in zip(numbers, executor.map(math.factorial, numbers)):
 *           print(f"{n}! = {f}")
 */
import { ProcessPoolExecutor } from 'spindle';
import { factorial } from './tasks.ts';

const numbers = Array.from({ length: 10 }, (_, i) => i + 1);

await using executor = new ProcessPoolExecutor();
const results = await executor.map(factorial, numbers).toArray();
for (const [i, n] of numbers.entries()) console.log(`${n}! = ${results[i]}`);
