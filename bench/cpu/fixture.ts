/**
 * The 10-record plane whose tick CPU is measured, on in-memory adapters and a scripted prober: web
 * standards only, so the same module runs in Node and inside workerd.
 */
import { MemoryDnsProvider } from '../../functions/adapters/memory/dns';
import { MemoryStateStore } from '../../functions/adapters/memory/store';
import { parseConfig } from '../../functions/core/config/validate';
import { type PlaneDeps, runTick, type TickReport } from '../../functions/core/tick';
import { ScriptedProber, VirtualClock } from '../../test/helpers/fakes';

export const RECORDS = 10;
const INTERVAL_MS = 30_000;

/** Ten records, each with its own primary and secondary check, on Route 53 and Cloudflare. */
export function tenRecordConfig() {
  const checks: Record<string, unknown> = {};
  const records = [];
  for (let i = 0; i < RECORDS; i++) {
    for (const pool of ['primary', 'secondary'])
      checks[`app${i}-${pool}`] = { http: { url: `https://${pool}.app${i}.example.com/health` } };
    records.push({
      name: `app${i}.example.com`,
      type: 'A',
      providers: ['route53', 'cloudflare'],
      pools: [
        { name: 'primary', values: [`192.0.2.${10 + i}`], checks: [`app${i}-primary`] },
        { name: 'secondary', values: [`198.51.100.${10 + i}`], checks: [`app${i}-secondary`] },
      ],
    });
  }
  return parseConfig({
    providers: {
      route53: { hostedZoneId: 'ZBENCH' },
      cloudflare: { zoneId: '0123456789abcdef0123456789abcdef' },
    },
    checks,
    records,
  });
}

export class BenchPlane {
  readonly clock = new VirtualClock();
  readonly prober = new ScriptedProber();
  readonly deps: PlaneDeps;
  constructor() {
    this.deps = {
      config: tenRecordConfig(),
      plane: 'aws',
      store: new MemoryStateStore(),
      providers: {
        route53: new MemoryDnsProvider({ name: 'route53' }),
        cloudflare: new MemoryDnsProvider({ name: 'cloudflare' }),
      },
      prober: this.prober,
      clock: this.clock,
    };
  }

  /** One tick; every check falls due again before the next. */
  async tick(): Promise<TickReport> {
    const report = await runTick(this.deps);
    this.clock.advance(INTERVAL_MS);
    return report;
  }

  /** Every primary check fails from now on (the ticks after this one fail every record over). */
  primariesDown() {
    for (let i = 0; i < RECORDS; i++) this.prober.set(`app${i}-primary`, false);
  }
}

/** Transitions in a tick's report (10 on the failover tick, 0 in steady state). */
export const transitions = (report: TickReport) =>
  report.events.filter((e) => e.type === 'transition').length;
