/**
 * The 10-record plane whose tick CPU is measured, on in-memory adapters and a scripted prober: web
 * standards only, so the same module runs in Node and inside workerd. Like a deployed plane it loads
 * the config as a build embeds it (bench/cpu/config.ts validates it beforehand), so the schema validator
 * is neither in the measured code nor in its first tick.
 */
import { MemoryDnsProvider } from '../../functions/adapters/memory/dns';
import { MemoryStateStore } from '../../functions/adapters/memory/store';
import { loadBuiltConfig } from '../../functions/core/config/built';
import { type PlaneDeps, runTick, type TickReport } from '../../functions/core/tick';
import { ScriptedProber, VirtualClock } from '../../test/helpers/fakes';

export const RECORDS = 10;
const INTERVAL_MS = 30_000;

export class BenchPlane {
  readonly clock = new VirtualClock();
  readonly prober = new ScriptedProber();
  readonly deps: PlaneDeps;
  /** `built` is what bench/cpu/config.ts `tenRecordBuilt` gives. */
  constructor(built: unknown) {
    this.deps = {
      config: loadBuiltConfig(built, 'run bench/cpu/config.ts tenRecordBuilt'),
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
