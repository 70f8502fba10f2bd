/**
 * The HTTP client of the network tools: one undici Agent whose pools keep at most `perHost`
 * connections per origin, with `timeoutMs` as the limit on connecting, on waiting for headers,
 * and on a silent body (no byte for that long).
 */
import { Agent } from 'undici';

/** Settings of {@link createAgent}. */
export interface AgentOptions {
  perHost: number;
  timeoutMs: number;
}

/** An undici Agent for the network tools; close it with `await agent.close()`. */
export function createAgent({ perHost, timeoutMs }: AgentOptions): Agent {
  return new Agent({
    connections: perHost,
    connectTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 10_000,
  });
}
