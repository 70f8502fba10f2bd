/**
 * Week 4, CPU-bound work on a pool:
 *
 *   with ProcessPoolExecutor() as executor:
 *       primes = list(executor.map(is_prime, range(1000)))
 *
 * As in Python, on processes. (Worker threads have no GIL, so in Node a ThreadPoolExecutor runs
 * this in parallel too, with a cheaper start; processes buy isolation — see the guide.)
 */
import { ProcessPoolExecutor } from 'spindle';
import { isPrime } from './tasks.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

await using executor = new ProcessPoolExecutor();
const primes = await executor.map(isPrime, range(1000), { chunksize: 50 }).toArray();
const found = range(1000).filter((n) => primes[n]);
console.log(`${found.length} primes below 1000; the last five: ${found.slice(-5).join(', ')}`);
