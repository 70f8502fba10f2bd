/** Every scenario, in report order. */
import { s1 } from './s1-throughput.ts';
import { s2 } from './s2-latency.ts';
import { s3 } from './s3-cpu-bound.ts';
import { s4 } from './s4-payload.ts';
import { s5 } from './s5-streaming.ts';
import { s6 } from './s6-cold-start.ts';
import { s7 } from './s7-async-primitives.ts';
import { s8 } from './s8-echo.ts';
import { s14 } from './s14-crunch.ts';
import { s15 } from './s15-echo-cli.ts';
import type { Scenario } from './scenario.ts';

export const SCENARIOS: readonly Scenario[] = [s1, s2, s3, s4, s5, s6, s7, s8, s14, s15];
