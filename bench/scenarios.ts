/** Every scenario, in report order. */
import { s1 } from './s1-throughput.ts';
import { s2 } from './s2-latency.ts';
import { s3 } from './s3-cpu-bound.ts';
import { s4 } from './s4-payload.ts';
import { s5 } from './s5-streaming.ts';
import { s6 } from './s6-cold-start.ts';
import { s7 } from './s7-async-primitives.ts';
import { s8 } from './s8-echo.ts';
import { s9 } from './s9-shared-lock.ts';
import { s10 } from './s10-shared-queue.ts';
import { s11 } from './s11-thread-start.ts';
import { s12 } from './s12-download.ts';
import { s13 } from './s13-check.ts';
import { s14 } from './s14-crunch.ts';
import { s15 } from './s15-echo-cli.ts';
import { s16 } from './s16-distributed.ts';
import { s17 } from './s17-process-pool.ts';
import { s18 } from './s18-chapters.ts';
import type { Scenario } from './scenario.ts';

export const SCENARIOS: readonly Scenario[] = [
  s1,
  s2,
  s3,
  s4,
  s5,
  s6,
  s7,
  s8,
  s9,
  s10,
  s11,
  s12,
  s13,
  s14,
  s15,
  s16,
  s17,
  s18,
];
