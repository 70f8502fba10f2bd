// Raw BullMQ floor for S16: a plain BullMQ Worker running the same kernels in its processor.
import { Worker } from 'bullmq';
import { inc, spin } from './kernels.mjs';

const kernels = { inc, spin };

const [url, queue, concurrency] = process.argv.slice(2);
const { hostname, port } = new URL(url);
const worker = new Worker(queue, async (job) => kernels[job.name](job.data), {
  connection: { host: hostname, port: Number(port), maxRetriesPerRequest: null },
  concurrency: Number(concurrency),
});
worker.on('error', () => {});
await worker.waitUntilReady();
process.stderr.write('; ready\n');
process.on('SIGTERM', () => worker.close().then(() => process.exit(0)));
