/**
 * Tick cost at scale: for each size, fresh processes each run one tick of N HTTP checks against a
 * loopback origin where a tenth hang; medians of wall time, CPU time and peak RSS.
 */
import { type Row, type Section, verdict } from '../report';
import { count, median, mib, ms, round, runChild } from '../stats';
import type { ScaleRun } from './child';
import { startOrigin } from './origin';

export interface ScaleOptions {
  sizes: number[];
  runs: number;
  /** The checks' timeout as written in the config; default the config default (5s). */
  timeout?: string;
  /** The command that reproduces one size, given its size. */
  command: (size: number) => string;
}

export const SCALE_SIZES = [10, 100, 1_000, 10_000];
/** The size the target is set for: it must finish within the check timeout + 1 s. */
const TARGET_SIZE = 1_000;

function row(size: number, runs: ScaleRun[], command: string): Row {
  const wall = median(runs.map((r) => r.wallMs));
  const cpu = median(runs.map((r) => r.cpuMs));
  const rss = median(runs.map((r) => r.maxRssKiB));
  const before = median(runs.map((r) => r.rssBeforeKiB));
  const probed = median(runs.map((r) => r.probed));
  const lastStart = median(runs.map((r) => r.lastTimeoutStartMs ?? 0));
  const fds = runs[0]!.maxFds === null ? null : median(runs.map((r) => r.maxFds ?? 0));
  const timeoutMs = runs[0]!.timeoutMs;
  const bound = timeoutMs + 1_000;
  const skipped = size - probed;
  const r: Row = {
    section: 'scale',
    figure: `${count(size)} checks, ${count(Math.ceil(size / 10))} hanging`,
    measured: `${ms(wall)} wall · ${ms(cpu)} CPU · ${mib(rss)} peak RSS (${mib(before)} before the tick)`,
    values: {
      wallMs: round(wall),
      cpuMs: round(cpu),
      maxRssKiB: rss,
      rssBeforeKiB: before,
      probed,
      lastTimeoutStartMs: round(lastStart),
      timeoutMs,
      maxFds: fds,
    },
    samples: {
      wallMs: runs.map((x) => round(x.wallMs)),
      cpuMs: runs.map((x) => round(x.cpuMs)),
      maxRssKiB: runs.map((x) => x.maxRssKiB),
    },
    runs: runs.length,
    command,
    note: `last hanging probe started at ${ms(lastStart)}${fds === null ? '' : `; at most ${fds} file descriptors open`}${skipped > 0 ? `; ${count(skipped)} checks not started before the round deadline` : ''}`,
  };
  if (size === TARGET_SIZE) {
    r.target = `<= ${ms(bound)} (timeout ${ms(timeoutMs)} + 1 s)`;
    r.verdict = verdict(wall <= bound, ms(wall), '>', ms(bound));
  }
  return r;
}

export async function scaleSection(options: ScaleOptions): Promise<Section> {
  const origin = await startOrigin();
  const rows: Row[] = [];
  try {
    for (const size of options.sizes) {
      const runs: ScaleRun[] = [];
      for (let i = 0; i < options.runs; i++) {
        const args = ['--checks', String(size), '--origin', origin.url];
        if (options.timeout) args.push('--timeout', options.timeout);
        runs.push(await runChild<ScaleRun>('bench/scale/child.ts', args, { timeoutMs: 120_000 }));
        origin.reset();
      }
      rows.push(row(size, runs, options.command(size)));
    }
  } finally {
    await origin.close();
  }
  return {
    id: 'scale',
    title: 'Tick cost at scale (HTTP checks against a loopback origin, a tenth hanging)',
    rows,
    notes: [
      "Each run is one `runTick` in a fresh Node process (its first tick, so undici and the JIT start cold) with the Node prober, in-memory providers and store, and the tick's defaults: 128 probes in flight, up to 500 when the checks left need more to all start before the 25 s round deadline; checks keep the default 5 s timeout. The origin is one HTTP server on 127.0.0.1 inside the benchmark process, on the same 2 cores; every tenth check asks a `/hang/` path, which never answers.",
      "Probes start in check order, so a tick lasts until its last hanging probe has started, plus the timeout (the start is given beside each row). Before it, the answering probes listed ahead of it must finish, and they are CPU-bound on the tick's one event loop (the CPU column). With 10,000 checks, 1,000 hanging probes at a fixed 128 in flight would need about eight timeouts back to back, more than the 25 s round deadline; the limit grows instead (up to 500 open), and a check a round still cannot start is reported as a warning and probed first by the next tick.",
      'CPU is `process.cpuUsage()` over the tick; peak RSS is `process.resourceUsage().maxRSS` of the whole process (Node, tsx and the loaded modules; the RSS before the tick is given beside it). Open file descriptors are counted in /proc/self/fd every 100 ms: the Node prober holds up to about 1.7 sockets per probe in flight, so the 500-probe bound keeps them under the 1,024 a Lambda allows.',
    ],
  };
}
