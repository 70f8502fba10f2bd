/**
 * The performance targets of the transport, checked against one run's medians, so that
 * BENCHMARKS.md says plainly which are met and by how much the others are missed.
 */
import type { ScenarioResult } from './summary.ts';

interface Target {
  text: string;
  /** The figure achieved and whether it meets the target, or undefined when a row is missing. */
  check(
    get: (scenario: string, row: string, metric: string) => number | undefined,
  ): [string, boolean] | undefined;
}

const PEERS = ['piscina', 'tinypool', 'poolifier', 'workerpool'];
const x = (v: number) => `${v.toFixed(2)}×`;

/** Reads several figures at once; undefined if any is missing. */
function all(values: (number | undefined)[]): number[] | undefined {
  return values.every((v) => v !== undefined && Number.isFinite(v)) ? (values as number[]) : undefined;
}

const targets: Target[] = [
  {
    text: 'S1 throughput ≥ 10× piscina',
    check: (get) => {
      const v = all([get('S1', 'spindle', 'rate'), get('S1', 'piscina', 'rate')]);
      return v && [x(v[0]! / v[1]!), v[0]! / v[1]! >= 10];
    },
  },
  {
    text: 'S1 throughput ≥ 3× poolifier',
    check: (get) => {
      const v = all([get('S1', 'spindle', 'rate'), get('S1', 'poolifier', 'rate')]);
      return v && [x(v[0]! / v[1]!), v[0]! / v[1]! >= 3];
    },
  },
  {
    text: 'S1 throughput ≥ ½ the raw postMessage bulk rate',
    check: (get) => {
      const v = all([get('S1', 'spindle', 'rate'), get('S1', 'raw-postmessage', 'rate')]);
      return v && [x(v[0]! / v[1]!), v[0]! / v[1]! >= 0.5];
    },
  },
  {
    text: 'S2 median latency no slower than the fastest peer',
    check: (get) => {
      const v = all([get('S2', 'spindle', 'p50'), ...PEERS.map((p) => get('S2', p, 'p50'))]);
      if (!v) return undefined;
      const best = Math.min(...v.slice(1));
      return [`${v[0]!.toFixed(1)} µs vs ${best.toFixed(1)} µs (${x(v[0]! / best)})`, v[0]! <= best];
    },
  },
  {
    text: 'S2 median latency within 1.5× the raw SAB + Atomics ping-pong',
    check: (get) => {
      const v = all([get('S2', 'spindle', 'p50'), get('S2', 'raw-atomics', 'p50')]);
      return v && [x(v[0]! / v[1]!), v[0]! / v[1]! <= 1.5];
    },
  },
  {
    text: 'S3 wall time within 5% of the fastest peer',
    check: (get) => {
      const v = all([get('S3', 'spindle', 'wall'), ...PEERS.map((p) => get('S3', p, 'wall'))]);
      if (!v) return undefined;
      const best = Math.min(...v.slice(1));
      return [x(v[0]! / best), v[0]! <= best * 1.05];
    },
  },
  {
    text: 'S3 CPU time ≤ 1.03× the serial run',
    check: (get) => {
      const v = all([get('S3', 'spindle', 'cpu'), get('S3', 'serial', 'cpu')]);
      return v && [x(v[0]! / v[1]!), v[0]! <= v[1]! * 1.03];
    },
  },
  {
    text: 'S4 transfer within 10% of raw postMessage with transfer',
    check: (get) => {
      const v = all([get('S4', 'spindle', 'transfer'), get('S4', 'raw-postmessage', 'transfer')]);
      return v && [x(v[0]! / v[1]!), v[0]! >= v[1]! * 0.9];
    },
  },
  {
    text: 'S5 peak RSS growth < 64 MiB',
    check: (get) => {
      const v = all([get('S5', 'spindle', 'rssGrowth')]);
      return v && [`${v[0]!.toFixed(1)} MiB`, v[0]! < 64];
    },
  },
  {
    text: 'S6 cold start no slower than piscina',
    check: (get) => {
      const v = all([get('S6', 'spindle', 'cold'), get('S6', 'piscina', 'cold')]);
      return v && [`${v[0]!.toFixed(0)} ms vs ${v[1]!.toFixed(0)} ms (${x(v[0]! / v[1]!)})`, v[0]! <= v[1]!];
    },
  },
  {
    text: 'S6 whole process (import → 2-worker pool → 1st result → exit) no slower than piscina',
    check: (get) => {
      const v = all([get('S6', 'spindle', 'process'), get('S6', 'piscina', 'process')]);
      return v && [`${v[0]!.toFixed(0)} ms vs ${v[1]!.toFixed(0)} ms (${x(v[0]! / v[1]!)})`, v[0]! <= v[1]!];
    },
  },
  {
    text: 'S6 whole process, .ts program and task module under tsx (Node 20) ≤ 1.2× compiled',
    check: (get) => {
      const v = all([get('S6', 'spindle-tsx', 'process'), get('S6', 'spindle', 'process')]);
      return v && [x(v[0]! / v[1]!), v[0]! <= v[1]! * 1.2];
    },
  },
  {
    text: 'S6 whole process, .ts on Node 24 (native type stripping) ≤ 1.05× compiled on Node 24',
    check: (get) => {
      const v = all([get('S6', 'spindle-24-ts', 'process'), get('S6', 'spindle-24', 'process')]);
      return v && [x(v[0]! / v[1]!), v[0]! <= v[1]! * 1.05];
    },
  },
  {
    text: "`import 'spindle'` ≤ 25 ms (S6: the import-only process minus `node -e 0`)",
    check: (get) => {
      const v = all([get('S6', 'import-spindle', 'process'), get('S6', 'node-e0', 'process')]);
      return v && [`${(v[0]! - v[1]!).toFixed(0)} ms`, v[0]! - v[1]! <= 25];
    },
  },
  {
    text: "S18 the chapters' programs, total on Node 24 (native .ts) ≤ 1.25× CPython",
    check: (get) => {
      const v = all([get('S18', 'total', 'nativeRatio')]);
      return v && [x(v[0]!), v[0]! <= 1.25];
    },
  },
  {
    text: "S18 the chapters' programs, total on Node 20 + tsx ≤ 1.6× CPython",
    check: (get) => {
      const v = all([get('S18', 'total', 'tsxRatio')]);
      return v && [x(v[0]!), v[0]! <= 1.6];
    },
  },
  {
    text: 'S12 100 × 64 KiB: spindle download within 2× of the faster of curl and wget2',
    check: (get) => {
      const v = all([get('S12', 'spindle', 'many'), get('S12', 'curl', 'many'), get('S12', 'wget2', 'many')]);
      if (!v) return undefined;
      const best = Math.min(v[1]!, v[2]!);
      return [`${v[0]!.toFixed(2)} s vs ${best.toFixed(2)} s (${x(v[0]! / best)})`, v[0]! <= best * 2];
    },
  },
  {
    text: 'S12 one 256 MiB file: spindle download within 1.2× of the faster of curl and wget2',
    check: (get) => {
      const v = all([get('S12', 'spindle', 'big'), get('S12', 'curl', 'big'), get('S12', 'wget2', 'big')]);
      if (!v) return undefined;
      const best = Math.min(v[1]!, v[2]!);
      return [x(v[0]! / best), v[0]! <= best * 1.2];
    },
  },
  {
    text: 'S13 check of 100 URLs within 2× of curl -Z -w',
    check: (get) => {
      const v = all([get('S13', 'spindle', 'wall'), get('S13', 'curl', 'wall')]);
      return v && [x(v[0]! / v[1]!), v[0]! <= v[1]! * 2];
    },
  },
  {
    text: 'S14 spindle crunch 1 worker within 8× primesieve -t1',
    check: (get) => {
      const v = all([get('S14', 'spindle-t1', 'wall'), get('S14', 'primesieve-t1', 'wall')]);
      return v && [x(v[0]! / v[1]!), v[0]! / v[1]! <= 8];
    },
  },
  {
    text: 'S14 spindle crunch speedup with 2 workers near the 2 cores (≥ 1.6×)',
    check: (get) => {
      const v = all([get('S14', 'spindle-t1', 'wall'), get('S14', 'spindle-t2', 'wall')]);
      return v && [x(v[0]! / v[1]!), v[0]! / v[1]! >= 1.6];
    },
  },
  {
    text: 'S15 spindle echo serve ≥ 0.9× a plain node:net server (same client)',
    check: (get) => {
      const v = all([get('S15', 'spindle', 'rate'), get('S15', 'node-net', 'rate')]);
      return v && [x(v[0]! / v[1]!), v[0]! / v[1]! >= 0.9];
    },
  },
];

/** A markdown table: each target, the figure of this run, met or missed. */
export function renderTargets(results: readonly ScenarioResult[]): string {
  const get = (scenario: string, row: string, metric: string) => {
    const found = results.find((r) => r.id === scenario)?.rows.find((r) => r.id === row);
    return (found?.median as Record<string, number> | undefined)?.[metric];
  };
  const lines = ['| target | this run | |', '|---|---|---|'];
  for (const target of targets) {
    const outcome = target.check(get);
    lines.push(
      `| ${target.text} | ${outcome?.[0] ?? 'not measured'} | ${outcome ? (outcome[1] ? 'met' : '**missed**') : '–'} |`,
    );
  }
  return lines.join('\n');
}
