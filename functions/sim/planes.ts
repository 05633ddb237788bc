/**
 * Simulated planes: each runs the real core tick with its own store, its own clock (maybe skewed), a
 * prober that sees the world from its vantage, and peer readers with the real staleness of each store
 * (a Worker's KV beacon can be up to 60 s old when read from AWS).
 */

import { MemoryStateStore } from '../adapters/memory/store';
import type { CheckSpec, Config } from '../core/config/model';
import type { Clock, PeerReader, ProbeResult, Prober } from '../core/ports';
import { type PlaneDeps, runTick, type TickReport } from '../core/tick';
import type { Beacon, PlaneId } from '../core/types';
import { type FaultyProvider, type Origins, SimClock } from './world';

export interface SimPlaneOptions {
  id: PlaneId;
  config: Config;
  world: { t: number };
  origins: Origins;
  providers: Record<'route53' | 'cloudflare', FaultyProvider>;
  random: () => number;
  skewMs?: number;
  /** A clock whose waits pass on a timeline (the deployed topology); default: waits never end. */
  clock?: Clock;
}

/**
 * Probes that answer from the world's ground truth, with random loss and latency spikes. With a `clock`
 * each probe also takes its latency (a lost probe its whole timeout) on that clock.
 */
export function simProber(vantage: PlaneId, origins: Origins, random: () => number, clock?: Clock): Prober {
  const probe = (check: CheckSpec): ProbeResult => {
    if (random() < origins.lossRate) {
      const spike = random() < 0.5;
      return spike
        ? {
            ok: false,
            class: 'timeout',
            latencyMs: check.timeoutMs,
            reason: `no answer within ${check.timeoutMs} ms`,
          }
        : { ok: false, class: 'connect', latencyMs: 3, reason: 'connection reset (ECONNRESET)' };
    }
    if (!origins.reachable(vantage, check.name)) {
      return {
        ok: false,
        class: 'connect',
        latencyMs: 2,
        reason: `connection refused (ECONNREFUSED) to ${check.name}`,
      };
    }
    const latency = Math.round(20 + random() * 80);
    return {
      ok: true,
      class: 'ok',
      latencyMs: latency,
      reason: `status 200 from ${check.name} in ${latency} ms`,
    };
  };
  return {
    async probe(check: CheckSpec, signal?: AbortSignal): Promise<ProbeResult> {
      const result = probe(check);
      if (clock) await clock.sleep(result.latencyMs, signal);
      return result;
    },
  };
}

/** A store that also keeps the time each beacon was published, so peers can read it stale. */
class SimStore extends MemoryStateStore {
  constructor(private readonly onPublish: (beacon: Beacon) => void) {
    super();
  }
  override async publishBeacon(beacon: Beacon): Promise<void> {
    await super.publishBeacon(beacon);
    this.onPublish(beacon);
  }
}

export class SimPlane {
  readonly store: SimStore;
  readonly clock: Clock;
  readonly deps: PlaneDeps;
  alive = true;
  /** Published beacons with the world time they were written, to serve stale reads. */
  readonly published: { t: number; beacon: Beacon }[] = [];
  /** Set when this plane's own store cannot be reached by its peers. */
  storeDown = false;
  readonly reports: TickReport[] = [];

  constructor(readonly options: SimPlaneOptions) {
    this.clock = options.clock ?? new SimClock(options.world, options.skewMs ?? 0);
    this.store = new SimStore((beacon) => {
      const t = options.world.t;
      // The core builds a new beacon for every publish and never changes one after: no copy needed.
      this.published.push({ t, beacon });
      // Enough history for a read up to two minutes stale (a KV copy), and never fewer than 8.
      while (this.published.length > 8 && this.published[1]!.t < t - 120_000) this.published.shift();
    });
    this.deps = {
      config: options.config,
      plane: options.id,
      store: this.store,
      providers: options.providers,
      prober: simProber(options.id, options.origins, options.random, options.clock),
      clock: this.clock,
      peers: [],
    };
  }

  /** How a peer reads this plane's beacon: from KV (stale by up to `maxStaleMs`) or strongly (DynamoDB). */
  reader(maxStaleMs: number, random: () => number): PeerReader {
    return {
      plane: this.options.id,
      read: async () => {
        if (this.storeDown) throw new Error(`${this.options.id} store unreachable`);
        const staleness = maxStaleMs > 0 ? random() * maxStaleMs : 0;
        const visible = this.published.filter((p) => p.t <= this.options.world.t - staleness);
        return visible.at(-1)?.beacon;
      },
    };
  }

  async tick(): Promise<TickReport | undefined> {
    if (!this.alive) return undefined;
    const report = await runTick(this.deps, { probeBudgetMs: 30_000 });
    this.reports.push(report);
    return report;
  }
}
