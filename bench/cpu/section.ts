/** CPU time of one core tick with 10 records, in Node and inside workerd, against the Workers Free plan's 10 ms. */
import { type Row, type Section, verdict } from '../report';
import { median, ms, round, runChild, runNode } from '../stats';
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

/**
 * What the first tick's CPU is made of, without a target: the same tick with V8 compiling every function
 * at load (so the first call compiles nothing), and the same work done again on code already compiled
 * and run once (a second plane's first tick in the same process or isolate).
 */
function parts(
  runtime: 'Node' | 'workerd',
  where: string,
  eager: number[],
  second: number[],
  options: CpuOptions,
): Row[] {
  const row = (figure: string, values: number[]): Row => {
    const value = median(values);
    return {
      section: 'cpu',
      figure: `${runtime}: ${figure}`,
      measured: `${ms(value)} CPU`,
      values: { cpuMs: round(value, 3) },
      samples: { cpuMs: values.map((v) => round(v, 3)) },
      runs: values.length,
      command: options.command,
    };
  };
  return [
    row(
      `first tick with every function compiled at load (V8's \`--no-lazy\`, set by no platform; the first tick less its compiling)`,
      eager,
    ),
    row(
      `first tick of a second plane in the same ${where} (the same work, on code compiled and run once)`,
      second,
    ),
  ];
}

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

/** A runtime's rows: its runs' figures against the target, then what their first tick is made of. */
function runtimeRows(
  runtime: 'Node' | 'workerd',
  where: string,
  runs: (Run & { secondFirstMs: number })[],
  eager: Run[],
  options: CpuOptions,
): Row[] {
  return [
    ...rows(runtime, where, runs, options),
    ...parts(
      runtime,
      where,
      eager.map((r) => r.firstMs),
      runs.map((r) => r.secondFirstMs),
      options,
    ),
  ];
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
  const eagerNode: NodeRun[] = [];
  for (let i = 0; i < options.runs; i++) {
    eagerNode.push(
      await runNode<NodeRun>(['--no-lazy', '--import', 'tsx', 'bench/cpu/node-child.ts', '--ticks', '20'], {
        timeoutMs: 120_000,
      }),
    );
  }
  const out = runtimeRows('Node', 'process', nodeRuns, eagerNode, options);
  const notes = [
    "The tick is the real `runTick` on in-memory providers and store with a scripted prober (probes answer at once), so the figure is the core's own CPU: config, streaks, agreement, decisions, plans, commits. The Worker adds its Durable Object, KV and provider API calls on top.",
    "The first tick in a fresh process or isolate pays for compiling the code it runs (V8 compiles functions when first called) and creates 20 record sets and their markers; how Cloudflare counts a new isolate's compilation against the 10 ms is not measured here.",
    "Why the first tick misses 10 ms while the work does not: the first tick less the second plane's first tick is what running the code for the first time costs; the first tick less the `--no-lazy` one is the compiling part of it, and the rest is V8 running each function for the first time (its inline caches and feedback start empty). The work itself is the second plane's figure. Only less code on the first tick's path brings the first two down; Cloudflare sets no V8 flags, and a Worker has no code cache.",
    'Node: `process.cpuUsage()` (user + system) around each tick in a fresh process.',
  ];
  const bin = workerdBinary();
  if (typeof bin === 'string') {
    const runs: WorkerdRun[] = [];
    const eager: WorkerdRun[] = [];
    for (let i = 0; i < options.runs; i++) {
      runs.push(await workerdRun(bin, options.ticks));
      eager.push(await workerdRun(bin, 20, ['--no-lazy']));
    }
    out.push(...runtimeRows('workerd', 'isolate', runs, eager, options));
    notes.push(
      `workerd: the same module bundled by esbuild and served by the workerd binary wrangler installs (compatibility date 2026-08-15); CPU is the workerd process's time on CPU (every thread, from /proc/<pid>/task/*/schedstat) around each request, less the median of a no-op request (${ms(median(runs.map((r) => r.noopMs)))}). Inside workerd the clock does not advance during execution, so it cannot time itself.`,
    );
  } else {
    notes.push(`workerd: not measured here: ${bin.unavailable}.`);
  }
  return { id: 'cpu', title: 'CPU time of one core tick, 10 records', rows: out, notes };
}
