/**
 * The local plane: the same tick on a timer, state in a directory, probes over real HTTP, and an
 * embedded authoritative DNS server for the `local` provider's zone.
 */

import type { RunningDnsServer } from '../adapters/local/dns-server';
import { FileStateStore } from '../adapters/local/file-store';
import { LocalZoneProvider } from '../adapters/local/zone';
import { BeaconMirror } from '../adapters/peers/mirror';
import { createProber } from '../adapters/probes';
import { systemClock } from '../adapters/system/clock';
import type { Config, SecretRef } from '../core/config/model';
import { type StatusReport, status } from '../core/manual';
import type {
  Clock,
  DnsProvider,
  Logger,
  Metrics,
  Notifier,
  PeerReader,
  Prober,
  StateStore,
} from '../core/ports';
import { runTick, type TickOptions, type TickReport } from '../core/tick';
import type { ProviderName, Transition } from '../core/types';
import { startEmbeddedDns } from './embedded-dns';

export interface LocalPlaneOptions {
  config: Config;
  stateDir: string;
  /** Port of the embedded DNS server; 0 picks a free one. Default 5300. */
  dnsPort?: number;
  /** Address the embedded DNS server listens on. Default 127.0.0.1. */
  listen?: string;
  logger?: Logger;
  prober?: Prober;
  clock?: Clock;
  notifier?: Notifier;
  metrics?: Metrics;
  /** Stores the beacon is also copied to (planes.peers.local), so the clouds count this plane's view. */
  beaconCopies?: { name: string; store: Pick<StateStore, 'publishBeacon'> }[];
  peers?: PeerReader[];
  /** Extra providers (e.g. route53, cloudflare adapters) this plane may write to. */
  providers?: Partial<Record<ProviderName, DnsProvider>>;
  /** `run` checks drift of the managed records on its first tick and every this many after. Default 10; 0 never. */
  driftEvery?: number;
  /** Looks up `{secret: NAME}` references (the TSIG key of zone transfers). */
  resolveSecret?: (ref: SecretRef) => Promise<string>;
}

export interface LocalPlane {
  store: FileStateStore;
  zone: LocalZoneProvider;
  dns?: RunningDnsServer;
  tick(options?: TickOptions): Promise<TickReport>;
  /** The status report and the newest transitions, for the status page. */
  status(): Promise<{ status: StatusReport; history: Transition[] }>;
  /** Ticks every tickInterval until `signal` aborts. */
  run(
    signal: AbortSignal,
    onTick: (report: TickReport) => void | Promise<void>,
    options?: TickOptions,
  ): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalPlane(options: LocalPlaneOptions): Promise<LocalPlane> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const store = new FileStateStore(options.stateDir);
  const zone = new LocalZoneProvider(options.stateDir);
  const localZone = config.providers.local?.zones[0];
  const dns = localZone
    ? await startEmbeddedDns({
        zoneId: localZone.id,
        domain: localZone.domain ?? localZone.id,
        zone,
        stateDir: options.stateDir,
        port: options.dnsPort ?? 5300,
        ...(options.listen ? { host: options.listen } : {}),
        ...(config.providers.local?.dns ? { spec: config.providers.local.dns } : {}),
        ...(options.resolveSecret ? { resolveSecret: options.resolveSecret } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
      })
    : undefined;
  const deps = {
    config,
    plane: 'local' as const,
    store: options.beaconCopies?.length ? new BeaconMirror(store, options.beaconCopies) : store,
    providers: { ...options.providers, ...(localZone ? { local: zone } : {}) },
    prober: options.prober ?? createProber(),
    clock,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.peers ? { peers: options.peers } : {}),
  };
  const tick = (tickOptions?: TickOptions) => runTick(deps, tickOptions);
  let closed = false;
  return {
    store,
    zone,
    ...(dns ? { dns } : {}),
    tick,
    async status() {
      const [report, history] = await Promise.all([status(deps), store.history({ limit: 20 })]);
      return { status: report, history };
    },
    async run(signal, onTick, tickOptions) {
      const driftEvery = options.driftEvery ?? 10;
      for (let n = 0; !signal.aborted; n++) {
        const started = clock.now();
        const drift = tickOptions?.drift ?? (driftEvery > 0 && n % driftEvery === 0);
        await onTick(await tick({ ...tickOptions, drift }));
        await clock.sleep(Math.max(0, config.planes.tickIntervalMs - (clock.now() - started)), signal);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await dns?.close();
      await zone.flush();
    },
  };
}
