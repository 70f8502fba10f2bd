/**
 * Chapter 13 §4, asyncio: two tasks run concurrently, so the whole run takes about 2 s, not 3.
 *
 *   async def say_after(delay, msg):
 *       await asyncio.sleep(delay)
 *       print(msg)
 *
 *   async def main():
 *       task1 = asyncio.create_task(say_after(1, "hello"))
 *       task2 = asyncio.create_task(say_after(2, "world"))
 *       print("Started tasks")
 *       await task1
 *       await task2
 */
import { createTask, sleep } from 'spindle/asyncio';

async function sayAfter(delay: number, msg: string): Promise<void> {
  await sleep(delay * 1000);
  console.log(msg);
}

const started = performance.now();
const task1 = createTask(() => sayAfter(1, 'hello'));
const task2 = createTask(() => sayAfter(2, 'world'));
console.log('Started tasks');
await task1;
await task2;
console.log(`finished in ${((performance.now() - started) / 1000).toFixed(2)} s`);
