/** The Manager protocol: what clients send and what the server answers. */
import type { SerializedError } from '../../wire/error-codec.ts';

export type ClientMessage =
  | { t: 'hello'; token: string }
  | { t: 'call'; id: number; obj: number; method: string; args: unknown[] }
  /** Asks the server to abort call `id`; the server's answer to that call still decides. */
  | { t: 'cancel'; id: number };

export type ServerMessage =
  | { t: 'ok'; id: number; value: unknown }
  | { t: 'err'; id: number; error: SerializedError };
