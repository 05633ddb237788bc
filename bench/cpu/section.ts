/** CPU time of one core tick with 10 records, in Node and inside workerd, against the Workers Free plan's 10 ms. */
import { type Row, type Section, verdict } from '../report';
import { median, ms, round, runChild } from '../stats';
import type { NodeRun } from './node-child';
import { type WorkerdRun, workerdBinary, workerdRun } from './workerd';

export interface CpuOptions {
  runs: number;
  /** Steady ticks per process. */
  ticks: number;
  command: string;
}

const LIMIT_MS = 10;
type Run = Pick<NodeRun, 'firstMs' | 'steadyMs' | 'failoverMs'>;

const FIGURES = [
  ['firstMs', 'first tick in a fresh {where} (compiles the code; creates 10 records on 2 providers)'],
  ['steadyMs', 'steady tick (20 probes, no change; median of {ticks} per {where})'],
  ['failoverMs', 'failover tick (all 10 records move: 20 provider writes, 10 commits)'],
] as const;

function rows(runtime: 'Node' | 'workerd', where: string, runs: Run[], options: CpuOptions): Row[] {
  return FIGURES.map(([key, label]) => {
    const value = median(runs.map((r) => r[key]));
    return {
      section: 'cpu' as const,
      figure: `${runtime}: ${label.replace('{where}', where).replace('{ticks}', String(options.ticks))}`,
      measured: `${ms(value)} CPU`,
      values: { cpuMs: round(value, 3) },
      samples: { cpuMs: runs.map((r) => round(r[key], 3)) },
      runs: runs.length,
      target: `<= ${LIMIT_MS} ms`,
      verdict: verdict(value <= LIMIT_MS, ms(value), '>', `${LIMIT_MS} ms`),
      command: options.command,
    };
  });
}

export async function cpuSection(options: CpuOptions): Promise<Section> {
  const nodeRuns: NodeRun[] = [];
  for (let i = 0; i < options.runs; i++) {
    nodeRuns.push(
      await runChild<NodeRun>('bench/cpu/node-child.ts', ['--ticks', String(options.ticks)], {
        timeoutMs: 120_000,
      }),
    );
  }
  const out = rows('Node', 'process', nodeRuns, options);
  const notes = [
    "The tick is the real `runTick` on in-memory providers and store with a scripted prober (probes answer at once), so the figure is the core's own CPU: config, streaks, agreement, decisions, plans, commits. The Worker adds its Durable Object, KV and provider API calls on top.",
    "The first tick in a fresh process or isolate pays for compiling the code it runs (V8 compiles functions when first called) and creates 20 record sets and their markers; how Cloudflare counts a new isolate's compilation against the 10 ms is not measured here.",
    'Node: `process.cpuUsage()` (user + system) around each tick in a fresh process.',
  ];
  const bin = workerdBinary();
  if (typeof bin === 'string') {
    const runs: WorkerdRun[] = [];
    for (let i = 0; i < options.runs; i++) runs.push(await workerdRun(bin, options.ticks));
    out.push(...rows('workerd', 'isolate', runs, options));
    notes.push(
      `workerd: the same module bundled by esbuild and served by the workerd binary wrangler installs (compatibility date 2026-08-15); CPU is the workerd process's time on CPU (every thread, from /proc/<pid>/task/*/schedstat) around each request, less the median of a no-op request (${ms(median(runs.map((r) => r.noopMs)))}). Inside workerd the clock does not advance during execution, so it cannot time itself.`,
    );
  } else {
    notes.push(`workerd: not measured here: ${bin.unavailable}.`);
  }
  return { id: 'cpu', title: 'CPU time of one core tick, 10 records', rows: out, notes };
}
