/** A whole plane on in-memory adapters, for driving ticks in tests. */

import { MemoryDnsProvider } from '../../functions/adapters/memory/dns';
import { MemoryStateStore } from '../../functions/adapters/memory/store';
import type { Config } from '../../functions/core/config/model';
import type { PeerReader } from '../../functions/core/ports';
import { type PlaneDeps, runTick, type TickOptions } from '../../functions/core/tick';
import type { PlaneId } from '../../functions/core/types';
import { ScriptedProber, VirtualClock } from './fakes';

export const ZONE_R53 = 'Z0123456789ABC';
export const ZONE_CF = '0123456789abcdef0123456789abcdef';

export function memoryProviders() {
  return {
    route53: new MemoryDnsProvider({ name: 'route53' }),
    cloudflare: new MemoryDnsProvider({ name: 'cloudflare' }),
    local: new MemoryDnsProvider({ name: 'local' }),
  };
}

export class TestPlane {
  readonly store = new MemoryStateStore();
  readonly prober = new ScriptedProber();
  readonly deps: PlaneDeps;
  constructor(
    readonly config: Config,
    readonly clock = new VirtualClock(),
    readonly providers = memoryProviders(),
    plane: PlaneId = 'aws',
    peers: PeerReader[] = [],
  ) {
    this.deps = { config, plane, store: this.store, providers, prober: this.prober, clock, peers };
  }
  tick(options: TickOptions = {}) {
    return runTick(this.deps, options);
  }
  /** Ticks `n` times, `everyMs` apart (default: the check interval). */
  async ticks(n: number, everyMs = 30_000) {
    const reports = [];
    for (let i = 0; i < n; i++) {
      reports.push(await this.tick());
      this.clock.advance(everyMs);
    }
    return reports;
  }
  record(provider: 'route53' | 'cloudflare' | 'local', name = 'app.example.com', type = 'A') {
    const zone = provider === 'route53' ? ZONE_R53 : provider === 'cloudflare' ? ZONE_CF : 'example.com';
    return this.providers[provider].find(zone, name, type);
  }
}
