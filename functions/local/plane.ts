/**
 * The local plane: the same tick on a timer, state in a directory, probes over real HTTP, and an
 * embedded authoritative DNS server for the `local` provider's zone.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningDnsServer } from '../adapters/local/dns-server';
import { FileStateStore } from '../adapters/local/file-store';
import { acquireLock, LockHeldError } from '../adapters/local/lock';
import { LocalZoneProvider } from '../adapters/local/zone';
import { BeaconMirror } from '../adapters/peers/mirror';
import { createProber } from '../adapters/probes';
import { systemClock } from '../adapters/system/clock';
import type { Config, SecretRef } from '../core/config/model';
import { TwinplaneError } from '../core/errors';
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
  /** How long a tick or write waits for the state lock another process holds. Default 30 s. */
  lockWaitMs?: number;
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

/**
 * One plane per state directory: `dir/run.lock` is held for the plane's life, so a second plane on the
 * same directory (a second `twinplane run`) is refused, naming the holder. A holder killed with -9
 * leaves a lock whose pid is dead, which the next plane takes over.
 */
async function claimStateDir(stateDir: string) {
  await mkdir(stateDir, { recursive: true });
  try {
    return await acquireLock(join(stateDir, 'run.lock'), { waitMs: 0 });
  } catch (error) {
    if (!(error instanceof LockHeldError)) throw error;
    const who = error.holder ? `pid ${error.holder.pid} on ${error.holder.host}` : 'another process';
    throw new TwinplaneError(
      `state directory ${stateDir} is in use by another twinplane plane (${who}); stop it or pass another --state`,
      { cause: error },
    );
  }
}

export async function startLocalPlane(options: LocalPlaneOptions): Promise<LocalPlane> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const runLock = await claimStateDir(options.stateDir);
  const lockOptions = options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {};
  const store = new FileStateStore(options.stateDir, lockOptions);
  let zone: LocalZoneProvider;
  let dns: RunningDnsServer | undefined;
  try {
    zone = new LocalZoneProvider(options.stateDir, lockOptions);
    dns = await embeddedDns(options, zone);
  } catch (error) {
    await runLock.release();
    throw error;
  }
  const localZone = config.providers.local?.zones[0];
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
    exclusive: <T>(fn: () => Promise<T>) => store.exclusive(fn),
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
      await runLock.release();
    },
  };
}

async function embeddedDns(options: LocalPlaneOptions, zone: LocalZoneProvider) {
  const local = options.config.providers.local;
  const localZone = local?.zones[0];
  if (!localZone) return undefined;
  return startEmbeddedDns({
    zoneId: localZone.id,
    domain: localZone.domain ?? localZone.id,
    zone,
    stateDir: options.stateDir,
    port: options.dnsPort ?? 5300,
    ...(options.listen ? { host: options.listen } : {}),
    ...(local.dns ? { spec: local.dns } : {}),
    ...(options.resolveSecret ? { resolveSecret: options.resolveSecret } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
