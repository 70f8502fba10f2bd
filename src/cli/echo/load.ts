/**
 * The load of `spindle echo client`, as a task: a worker thread opens its share of the
 * connections, then sends lines one at a time on each and times every round trip.
 */
import { gather, openConnection } from '../../asyncio/index.ts';
import { defineTask } from '../../futures/index.ts';

/** What one worker measured. */
export interface LoadOutcome {
  /** Round-trip times in ms, one per echoed message. */
  latencies: Float64Array;
  /** Messages that failed (no echo, a wrong echo, a dropped connection), with the first reason. */
  errors: number;
  firstError?: string;
  /** Wall-clock window of the sending (performance.timeOrigin + now, comparable across threads). */
  startedAt: number;
  endedAt: number;
}

/**
 * Opens `connections` connections to host:port and echoes `messages` lines of `size` bytes
 * (newline included) on each, one round trip at a time per connection.
 *
 * @example
 * ```ts
 * const outcome = await pool.submit(echoLoad, '127.0.0.1', 8888, 16, 1000, 64);
 * ```
 */
export const echoLoad = defineTask(
  import.meta.url,
  async function echoLoad(
    host: string,
    port: number,
    connections: number,
    messages: number,
    size: number,
  ): Promise<LoadOutcome> {
    const latencies = new Float64Array(connections * messages);
    let filled = 0;
    let errors = 0;
    let firstError: string | undefined;
    const fail = (count: number, error: unknown) => {
      errors += count;
      firstError ??= error instanceof Error ? error.message : String(error);
    };
    const opened = await Promise.allSettled(
      Array.from({ length: connections }, () => openConnection({ host, port, timeout: 10_000 })),
    );
    const line = Buffer.alloc(size, 'x');
    line[size - 1] = 0x0a;
    const now = () => performance.timeOrigin + performance.now();
    const startedAt = now();
    await gather(
      ...opened.map(async (result) => {
        if (result.status === 'rejected') return fail(messages, result.reason);
        const [reader, writer] = result.value;
        let sent = 0;
        try {
          for (; sent < messages; sent++) {
            const t0 = performance.now();
            writer.write(line);
            const reply = await reader.readline({ timeout: 10_000 });
            latencies[filled++] = performance.now() - t0;
            if (!reply.equals(line)) throw new Error(`a wrong echo: ${reply.subarray(0, 60).toString()}`);
          }
        } catch (error) {
          fail(messages - sent, error);
        } finally {
          writer.close();
        }
      }),
    );
    return { latencies: latencies.slice(0, filled), errors, firstError, startedAt, endedAt: now() };
  },
);
