/**
 * The main job: count the primes below N serially on the main thread, then on a
 * ThreadPoolExecutor, and print both times, the CPU time and the speedup.
 *
 *   node --import tsx examples/count-primes.ts [N] [--workers W]
 */
import { availableParallelism } from 'node:os';
import { ThreadPoolExecutor } from 'spindle';
import { countPrimesBetween } from './tasks.ts';

/** π(N) for the sizes people try, to check the answer. */
const known: Record<number, number> = {
  1e6: 78_498,
  1e7: 664_579,
  1e8: 5_761_455,
  2e8: 11_078_937,
  1e9: 50_847_534,
};

const args = process.argv.slice(2);
const workersAt = args.indexOf('--workers');
const workers = workersAt >= 0 ? Number(args.splice(workersAt, 2)[1]) : availableParallelism();
const n = args[0] === undefined ? 2e8 : Number(args[0]);
if (!Number.isInteger(n) || n < 2) throw new RangeError(`N must be an integer >= 2, got ${args[0]}`);
if (!Number.isInteger(workers) || workers < 1) throw new RangeError('--workers must be an integer >= 1');

const segment = 1_000_000;
const ranges: Array<[number, number]> = [];
for (let lo = 0; lo < n; lo += segment) ranges.push([lo, Math.min(n, lo + segment)]);

function measure<T>(run: () => T): Promise<{ value: Awaited<T>; wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return Promise.resolve(run()).then((value) => {
    const { user, system } = process.cpuUsage(cpu0);
    return { value, wall: performance.now() - t0, cpu: (user + system) / 1000 };
  });
}

console.log(`counting primes below ${n.toLocaleString('en')} in ${ranges.length} segments`);

const serial = await measure(() => ranges.reduce((sum, [lo, hi]) => sum + countPrimesBetween(lo, hi), 0));
console.log(
  `serial:            ${serial.value} primes  wall ${serial.wall.toFixed(0)} ms  cpu ${serial.cpu.toFixed(0)} ms`,
);

await using pool = new ThreadPoolExecutor({ maxWorkers: workers });
// Start every worker before timing: worker start-up is not part of the job (see `npm run bench` S6).
await Promise.all(Array.from({ length: workers }, () => pool.submit(countPrimesBetween, 0, 10)));
const parallel = await measure(async () => {
  const futures = ranges.map(([lo, hi]) => pool.submit(countPrimesBetween, lo, hi));
  let sum = 0;
  for (const f of futures) sum += await f;
  return sum;
});
console.log(
  `thread pool (${workers}): ${parallel.value} primes  wall ${parallel.wall.toFixed(0)} ms  cpu ${parallel.cpu.toFixed(0)} ms`,
);
console.log(`speedup: ${(serial.wall / parallel.wall).toFixed(2)}x on ${availableParallelism()} CPUs`);

if (serial.value !== parallel.value) throw new Error('serial and parallel counts differ');
if (known[n] !== undefined && known[n] !== parallel.value) throw new Error(`expected π(${n}) = ${known[n]}`);
if (known[n] !== undefined) console.log(`checked: π(${n.toLocaleString('en')}) = ${known[n]}`);
