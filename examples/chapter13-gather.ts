/**
 * Chapter 13 §4: "Use asyncio.gather() to run coroutines concurrently."
 *
 *   async def main():
 *       await asyncio.gather(say_after(1, "hello"), say_after(2, "world"))
 */
import { gather, sleep } from 'spindle/asyncio';

async function sayAfter(delay: number, msg: string): Promise<string> {
  await sleep(delay * 1000);
  console.log(msg);
  return msg;
}

const started = performance.now();
const results = await gather(sayAfter(1, 'hello'), sayAfter(2, 'world'));
console.log('gathered:', results.join(' '));
console.log(`finished in ${((performance.now() - started) / 1000).toFixed(2)} s`);
