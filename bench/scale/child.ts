/**
 * One tick with N HTTP checks against the loopback origin, a tenth of them hanging, in a fresh process:
 * the real runTick and Node prober on in-memory providers and store. Prints wall and CPU time of the
 * tick and the process's peak RSS as one JSON line.
 *
 *   node --import tsx bench/scale/child.ts --checks 1000 --origin http://127.0.0.1:PORT [--timeout 5s]
 */
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MemoryDnsProvider } from '../../functions/adapters/memory/dns';
import { MemoryStateStore } from '../../functions/adapters/memory/store';
import { createNodeProber } from '../../functions/adapters/probes/node';
import { systemClock } from '../../functions/adapters/system/clock';
import { parseConfig } from '../../functions/core/config/validate';
import { runTick } from '../../functions/core/tick';

export interface ScaleRun {
  checks: number;
  timeoutMs: number;
  wallMs: number;
  cpuMs: number;
  maxRssKiB: number;
  rssBeforeKiB: number;
  /** When the last probe that timed out had started, from the tick's start: the tick ends one timeout later. */
  lastTimeoutStartMs: number | null;
  /** Most file descriptors open at once, sampled every 100 ms (null where /proc is absent). */
  maxFds: number | null;
  probed: number;
  skipped: number;
  classes: Record<string, number>;
}

/** Every tenth check (0, 10, 20, ...) points at a path that never answers. */
export const hangs = (i: number) => i % 10 === 0;

function config(checks: number, origin: string, timeout: string | undefined) {
  const specs: Record<string, unknown> = {};
  const name = (i: number) => `c${String(i).padStart(5, '0')}`;
  for (let i = 0; i < checks; i++) {
    specs[name(i)] = {
      http: { url: `${origin}/${hangs(i) ? 'hang' : 'ok'}/${i}` },
      ...(timeout ? { timeout } : {}),
    };
  }
  return parseConfig({
    providers: { route53: { hostedZoneId: 'ZBENCH' } },
    checks: specs,
    records: [
      {
        name: 'app.example.com',
        type: 'A',
        providers: ['route53'],
        pools: [
          { name: 'primary', values: ['192.0.2.10'], checks: [name(1)] },
          { name: 'secondary', values: ['192.0.2.11'], checks: [name(2)] },
        ],
      },
    ],
  });
}

const { values } = parseArgs({
  options: { checks: { type: 'string' }, origin: { type: 'string' }, timeout: { type: 'string' } },
});
const checks = Number(values.checks);
if (!Number.isInteger(checks) || checks < 3 || !values.origin) {
  throw new Error('usage: child.ts --checks N (>= 3) --origin URL [--timeout 5s]');
}
const cfg = config(checks, values.origin, values.timeout);
const deps = {
  config: cfg,
  plane: 'aws' as const,
  store: new MemoryStateStore(),
  providers: { route53: new MemoryDnsProvider({ name: 'route53' }) },
  prober: createNodeProber(),
  clock: systemClock,
};
const openFds = () => {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
};
let maxFds = openFds();
const sampler = setInterval(() => {
  const n = openFds();
  if (n !== null && maxFds !== null) maxFds = Math.max(maxFds, n);
}, 100);
const rssBeforeKiB = process.resourceUsage().maxRSS;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const report = await runTick(deps);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
const classes: Record<string, number> = {};
for (const o of report.observations) classes[o.class] = (classes[o.class] ?? 0) + 1;
const timeoutStarts = report.observations.filter((o) => o.class === 'timeout').map((o) => o.at);
const run: ScaleRun = {
  checks,
  timeoutMs: Object.values(cfg.checks)[0]!.timeoutMs,
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1_000,
  maxRssKiB: process.resourceUsage().maxRSS,
  rssBeforeKiB,
  lastTimeoutStartMs: timeoutStarts.length ? Math.max(...timeoutStarts) - report.startedAt : null,
  maxFds,
  probed: report.observations.length,
  skipped: checks - report.observations.length,
  classes,
};
process.stdout.write(`${JSON.stringify(run)}\n`);
process.exit(0);
