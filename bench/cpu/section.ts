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
  [
    'firstMs',
    'first tick in a fresh {where}, primed at start as the planes run it (creates 10 records on 2 providers)',
  ],
  ['steadyMs', 'steady tick (20 probes, no change; median of {ticks} per {where})'],
  ['failoverMs', 'failover tick (all 10 records move: 20 provider writes, 10 commits)'],
] as const;

/** A row without a target: what a figure is made of. */
function part(runtime: 'Node' | 'workerd', figure: string, values: number[], options: CpuOptions): Row {
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
}

/**
 * What the first tick's CPU is made of, without a target: the first tick of an isolate or process that
 * did not prime, the same with V8 compiling every function at load (so the first call compiles
 * nothing), the same work done again on code already compiled and run once (a second plane's first
 * tick), and what priming costs at start.
 */
function parts(
  runtime: 'Node' | 'workerd',
  where: string,
  figures: { unprimed: number[]; eager: number[]; second: number[]; prime: number[]; primeHow: string },
  options: CpuOptions,
): Row[] {
  return [
    part(
      runtime,
      `first tick in a fresh ${where} that did not prime (compiles the code it runs as it first calls it)`,
      figures.unprimed,
      options,
    ),
    part(
      runtime,
      `first tick with every function compiled at load (V8's \`--no-lazy\`, set by no platform; unprimed, less its compiling)`,
      figures.eager,
      options,
    ),
    part(
      runtime,
      `first tick of a second plane in the same ${where} (the same work, on code compiled and run once)`,
      figures.second,
      options,
    ),
    part(runtime, `priming at start (${figures.primeHow})`, figures.prime, options),
  ];
}

function rows(runtime: 'Node' | 'workerd', where: string, runs: Run[], options: CpuOptions): Row[] {
  return FIGURES.map(([key, label]) => {
    const value = median(runs.map((r) => r[key]));
    return {
      section: 'cpu' as const,
      figure: `${runtime}: ${label.replaceAll('{where}', where).replace('{ticks}', String(options.ticks))}`,
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

const PRIMING = '3 ticks of 4 records on in-memory providers, outside any tick';

export async function cpuSection(options: CpuOptions): Promise<Section> {
  const child = (args: string[]) =>
    runChild<NodeRun>('bench/cpu/node-child.ts', ['--ticks', String(options.ticks), ...args], {
      timeoutMs: 120_000,
    });
  const primedNode: NodeRun[] = [];
  const plainNode: NodeRun[] = [];
  const eagerNode: NodeRun[] = [];
  for (let i = 0; i < options.runs; i++) {
    primedNode.push(await child(['--prime']));
    plainNode.push(await child([]));
    eagerNode.push(
      await runNode<NodeRun>(['--no-lazy', '--import', 'tsx', 'bench/cpu/node-child.ts', '--ticks', '20'], {
        timeoutMs: 120_000,
      }),
    );
  }
  const out = [
    ...rows('Node', 'process', primedNode, options),
    ...parts(
      'Node',
      'process',
      {
        unprimed: plainNode.map((r) => r.firstMs),
        eager: eagerNode.map((r) => r.firstMs),
        second: plainNode.map((r) => r.secondFirstMs),
        prime: primedNode.map((r) => r.primeMs ?? Number.NaN),
        primeHow: `${PRIMING}; the tick Lambda runs it in its init`,
      },
      options,
    ),
  ];
  const notes = [
    "The tick is the real `runTick` on in-memory providers and store with a scripted prober (probes answer at once), so the figure is the core's own CPU: config, streaks, agreement, decisions, plans, commits. The Worker adds its Durable Object, KV and provider API calls on top.",
    "V8 compiles a function when it is first called, and its first runs start with empty inline caches, so a fresh process or isolate pays for both on its first tick: several times the tick's own work (the unprimed row against the second plane's). The planes pay it at start instead: the Worker as its isolate starts (functions/worker/coordinator.ts) and the tick Lambda in its init (functions/aws/tick.ts) run the tick path once on in-memory copies of the first 4 of their records (create, steady, failover; functions/adapters/memory/prime.ts). The first row is the first tick after that; the unprimed one and its parts are below it.",
    "How the first tick's unprimed CPU divides: less the `--no-lazy` figure is compiling; the rest above the second plane's figure is V8 running each function for the first time; the second plane's figure is the work. Cloudflare limits a Worker's start-up apart from its requests' CPU (1 s); how it counts a new isolate's start against the first invocation is not measured here.",
    'Node: `process.cpuUsage()` (user + system) around each tick, and around the priming, in a fresh process.',
  ];
  const bin = workerdBinary();
  if (typeof bin === 'string') {
    const primed: WorkerdRun[] = [];
    const plain: WorkerdRun[] = [];
    const eager: WorkerdRun[] = [];
    for (let i = 0; i < options.runs; i++) {
      primed.push(await workerdRun(bin, options.ticks, { prime: true }));
      plain.push(await workerdRun(bin, options.ticks));
      eager.push(await workerdRun(bin, 20, { v8Flags: ['--no-lazy'] }));
    }
    const startPlain = median(plain.map((r) => r.startMs));
    out.push(
      ...rows('workerd', 'isolate', primed, options),
      ...parts(
        'workerd',
        'isolate',
        {
          unprimed: plain.map((r) => r.firstMs),
          eager: eager.map((r) => r.firstMs),
          second: plain.map((r) => r.secondFirstMs),
          prime: primed.map((r) => r.startMs - startPlain),
          primeHow: `${PRIMING}, as the Worker's isolate starts: workerd's CPU from its launch to its first answer, less the median of the same without priming, ${ms(startPlain)}`,
        },
        options,
      ),
    );
    notes.push(
      `workerd: the same module bundled by esbuild and served by the workerd binary wrangler installs (compatibility date 2026-08-15); CPU is the workerd process's time on CPU (every thread, from /proc/<pid>/task/*/schedstat) around each request, less the median of a no-op request (${ms(median(plain.map((r) => r.noopMs)))}). Inside workerd the clock does not advance during execution, so it cannot time itself. A primed run checks that its isolate did prime (3 ticks, records moved) before it measures.`,
    );
  } else {
    notes.push(`workerd: not measured here: ${bin.unavailable}.`);
  }
  return { id: 'cpu', title: 'CPU time of one core tick, 10 records', rows: out, notes };
}
