/**
 * Chapter 13, exercise 4 — the client for echo-server.ts: opens several connections at once,
 * sends lines on each and checks that every line comes back.
 *
 *   node --import tsx examples/echo-client.ts <port> [clients=10] [lines=5]
 */
import { gather, openConnection } from 'spindle/asyncio';

const port = Number(process.argv[2]);
const clients = Number(process.argv[3] ?? 10);
const linesPerClient = Number(process.argv[4] ?? 5);

async function client(id: number): Promise<number> {
  const [reader, writer] = await openConnection({ host: '127.0.0.1', port, timeout: 5000 });
  let echoed = 0;
  for (let i = 0; i < linesPerClient; i++) {
    const message = `client ${id} says hello #${i}\n`;
    writer.write(message);
    await writer.drain();
    const reply = (await reader.readline({ timeout: 5000 })).toString();
    if (reply !== message)
      throw new Error(`client ${id}: sent ${JSON.stringify(message)}, got ${JSON.stringify(reply)}`);
    echoed++;
  }
  writer.close();
  await writer.waitClosed();
  return echoed;
}

const counts = await gather(...Array.from({ length: clients }, (_, id) => client(id)));
console.log(`${clients} clients: ${counts.reduce((a, b) => a + b, 0)} lines echoed, all correct`);
