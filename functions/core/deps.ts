/** What a plane hands the core (its ports) and the options of a pass, for ticks and manual actions alike. */
import type { Config } from './config/model';
import type { Clock, DnsProvider, Logger, Metrics, Notifier, PeerReader, Prober, StateStore } from './ports';
import type { PlaneId, ProviderName } from './types';

export interface PlaneDeps {
  config: Config;
  plane: PlaneId;
  store: StateStore;
  providers: Partial<Record<ProviderName, DnsProvider>>;
  /**
   * Why a configured provider has no adapter this pass (its secret could not be read, say). The plane
   * checks at start that it can wire every provider the records use; this is for what only fails later.
   */
  unavailable?: Partial<Record<ProviderName, Error>>;
  prober: Prober;
  clock: Clock;
  logger?: Logger;
  metrics?: Metrics;
  notifier?: Notifier;
  peers?: readonly PeerReader[];
  /**
   * Runs `fn` holding the plane's state lock, for a store that has one (the local plane's state
   * directory, shared by its `run` and its manual commands). A pass then decides on the states as they
   * are under the lock and writes providers only while holding it. Stores that serialise by CAS alone
   * (DynamoDB, the Durable Object) leave it out.
   */
  exclusive?: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** Runs `fn` under the plane's state lock when it has one. */
export function underLock<T>(deps: Pick<PlaneDeps, 'exclusive'>, fn: () => Promise<T>): Promise<T> {
  return deps.exclusive ? deps.exclusive(fn) : fn();
}

export interface TickOptions {
  /** Plan and report; write nothing anywhere. Can only add to the config's `safety.dryRun`, never lift it. */
  dryRun?: boolean;
  /** Wall-clock budget for one probe round. Default 25 s. */
  probeBudgetMs?: number;
  /**
   * Probes in flight at once while a round has time to spare. Default 128, so a tenth of 1,000 checks
   * hanging costs one timeout. More run when the checks left could not otherwise all start before the
   * round's deadline, up to probeMaxOpen.
   */
  probeConcurrency?: number;
  /**
   * Hard maximum of probes open at once, however many checks are left. Default 500: the Node prober
   * holds up to ~1.7 sockets per probe in flight (858 descriptors measured at 500, 1,558 at 900), and
   * Lambda allows 1,024. The Worker sets 6, its limit of open connections per invocation.
   */
  probeMaxOpen?: number;
  /**
   * Further probe rounds may start until this long after the tick began, each probing the checks whose
   * interval has elapsed again (a once-a-minute plane passes ~50 s so 10 s checks get their cadence).
   * Default 0: one round.
   */
  probeWindowMs?: number;
  /** How long a peer's beacon may take to read, for ticks and manual actions. Default 2 s. */
  peerTimeoutMs?: number;
  /**
   * With a probe window: publish the own view and read the peers' after every round (default true), so
   * a verdict two vantages must agree on forms inside the window, not at the next tick.
   */
  exchange?: boolean;
  /** Probe every check now, ignoring intervals (manual runs). */
  probeAll?: boolean;
  /** Report drift of the managed records across providers (from this tick's reads; no extra call). */
  drift?: boolean;
}

export const DEFAULT_PEER_TIMEOUT_MS = 2_000;
