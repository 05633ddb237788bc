/**
 * One tick of a plane: load state, read peers, probe, evaluate health, decide, plan, gate, apply with
 * authority, commit, publish the beacon, notify. Every plane (Lambda, Worker, local) calls this.
 */
import { authority, lastHeartbeat } from './authority';
import type { Config } from './config/model';
import { type Decision, decide, initialState } from './decide';
import { zoneDrift } from './drift';
import { errorMessage } from './errors';
import { exchangeHook } from './exchange';
import { isDryRun, unsafeReasons } from './gates';
import { type AggregatedCheck, aggregateAll, type PoolHealth, poolHealth } from './health';
import { peerSilence } from './peer-watch';
import type { Clock, DnsProvider, Logger, Metrics, Notifier, PeerReader, Prober, StateStore } from './ports';
import { noMetrics, silentLogger } from './ports';
import { probeRounds } from './probing';
import {
  adoption,
  applyAndCommit,
  type PlannedProvider,
  planProviders,
  type ReconcileContext,
  type RecordReport,
  readZones,
} from './reconcile';
import type { Beacon, CoreEvent, Observation, PlaneId, ProviderName, RecordState, Versioned } from './types';

export interface PlaneDeps {
  config: Config;
  plane: PlaneId;
  store: StateStore;
  providers: Partial<Record<ProviderName, DnsProvider>>;
  prober: Prober;
  clock: Clock;
  logger?: Logger;
  metrics?: Metrics;
  notifier?: Notifier;
  peers?: readonly PeerReader[];
}

export interface TickOptions {
  /** Plan and report; write nothing anywhere. Can only add to the config's `safety.dryRun`, never lift it. */
  dryRun?: boolean;
  /** Wall-clock budget for one probe round. Default 25 s. */
  probeBudgetMs?: number;
  /** Probes in flight at once. Default 128, so a tenth of 1,000 checks hanging costs one timeout. */
  probeConcurrency?: number;
  /**
   * Further probe rounds may start until this long after the tick began, each probing the checks whose
   * interval has elapsed again (a once-a-minute plane passes ~50 s so 10 s checks get their cadence).
   * Default 0: one round.
   */
  probeWindowMs?: number;
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

export interface TickReport {
  plane: PlaneId;
  startedAt: number;
  finishedAt: number;
  dryRun: boolean;
  authority: { applies: boolean; reason: string };
  /** Every probe round's observations, in round order. */
  observations: Observation[];
  /** Probe rounds run this tick. */
  rounds: number;
  health: Record<string, AggregatedCheck>;
  records: RecordReport[];
  events: CoreEvent[];
  /** Failures that did not stop the tick (peer reads, beacon publish, notifications). */
  warnings: string[];
  /** Set when the plan as a whole was refused by a safety gate. */
  refused?: string[];
}

/** Reads every peer beacon with a short timeout; an unreachable peer never fails the tick. */
export async function readPeers(
  peers: readonly PeerReader[],
  clock: Clock,
  timeoutMs: number,
  warnings: string[],
): Promise<Beacon[]> {
  const results = await Promise.all(
    peers.map(async (peer) => {
      const controller = new AbortController();
      const stop = new AbortController();
      const timer = clock.sleep(timeoutMs, stop.signal).then(() => 'timeout' as const);
      try {
        const result = await Promise.race([peer.read(controller.signal), timer]);
        if (result === 'timeout') {
          controller.abort();
          warnings.push(`peer ${peer.plane}: no beacon within ${timeoutMs} ms`);
          return undefined;
        }
        return result;
      } catch (error) {
        warnings.push(`peer ${peer.plane}: ${errorMessage(error)}`);
        return undefined;
      } finally {
        stop.abort();
      }
    }),
  );
  return results.filter((b): b is Beacon => b !== undefined);
}

/** Health of every pool of every record, from the aggregated checks. */
export function poolsOf(config: Config, checks: Record<string, AggregatedCheck>, now: number) {
  const out = new Map<string, Record<string, PoolHealth>>();
  for (const record of config.records) {
    const pools: Record<string, PoolHealth> = {};
    for (const pool of record.pools) pools[pool.name] = poolHealth(pool, checks, now);
    out.set(record.key, pools);
  }
  return out;
}

export function buildBeacon(
  plane: PlaneId,
  now: number,
  config: Config,
  states: Map<string, Versioned<RecordState>>,
  view: Beacon['view'],
  peersSeen: Beacon['peers'],
  applying = false,
): Beacon {
  const records: Beacon['records'] = {};
  for (const record of config.records) {
    const state = states.get(record.key)?.value;
    records[record.key] = {
      activePool: state?.activePool ?? record.pools[0]!.name,
      epoch: state?.epoch ?? 0,
    };
  }
  return {
    plane,
    at: now,
    records,
    view,
    applying,
    ...(peersSeen && Object.keys(peersSeen).length > 0 ? { peers: peersSeen } : {}),
  };
}

export async function runTick(deps: PlaneDeps, options: TickOptions = {}): Promise<TickReport> {
  const { config, plane, store, clock } = deps;
  const logger = deps.logger ?? silentLogger;
  const metrics = deps.metrics ?? noMetrics;
  const startedAt = clock.now();
  const warnings: string[] = [];
  const dryRun = isDryRun(config, options.dryRun);

  const peerTimeoutMs = options.peerTimeoutMs ?? 2_000;
  const [states, ownBeacon, firstPeers] = await Promise.all([
    store.loadRecords(),
    store.loadBeacon(plane),
    readPeers(deps.peers ?? [], clock, peerTimeoutMs, warnings),
  ]);

  const roundWarnings: string[] = [];
  const exchange =
    (options.probeWindowMs ?? 0) > 0 && (options.exchange ?? true) && !dryRun
      ? {
          config,
          plane,
          clock,
          states,
          ownBeacon,
          peers: firstPeers,
          pollMs: Math.min(...Object.values(config.checks).map((c) => c.confirmIntervalMs)),
          publish: (view: Beacon['view']) =>
            store
              .publishBeacon(
                buildBeacon(plane, clock.now(), config, states, view, ownBeacon?.peers, ownBeacon?.applying),
              )
              .catch((error) => void roundWarnings.push(`beacon not published: ${errorMessage(error)}`)),
          readPeers: () => readPeers(deps.peers ?? [], clock, peerTimeoutMs, roundWarnings),
        }
      : undefined;
  const probed = await probeRounds(config.checks, ownBeacon?.view, deps.prober, clock, {
    plane,
    concurrency: options.probeConcurrency ?? 128,
    budgetMs: options.probeBudgetMs ?? 25_000,
    windowMs: options.probeWindowMs ?? 0,
    probeAll: options.probeAll ?? false,
    ...(exchange ? { afterRound: exchangeHook(exchange) } : {}),
  });
  const peerBeacons = exchange?.peers ?? firstPeers;
  warnings.push(...new Set(roundWarnings));
  const { observations, view } = probed;
  if (probed.skipped.length > 0)
    warnings.push(`probes: no time left this round for ${probed.skipped.join(', ')}`);
  for (const obs of observations) {
    metrics.count('probes_total', 1, { check: obs.check, class: obs.class });
    metrics.observe('probe_latency_ms', obs.latencyMs, { check: obs.check });
  }
  const now = clock.now();
  const health = aggregateAll(
    config,
    view,
    peerBeacons.map((b) => b.view),
    {
      own: plane,
      now,
      maxAgeMs: config.planes.observationMaxAgeMs,
      rule: config.planes.agreement,
    },
  );
  const pools = poolsOf(config, health, now);

  const peersSeen: NonNullable<Beacon['peers']> = { ...(ownBeacon?.peers ?? {}) };
  for (const beacon of peerBeacons) {
    peersSeen[beacon.plane] = Math.max(beacon.at, peersSeen[beacon.plane] ?? 0);
    metrics.gauge('beacon_age_ms', Math.max(0, now - beacon.at), { plane: beacon.plane });
  }
  const auth = authority(
    config.planes,
    plane,
    lastHeartbeat(config.planes.leader, peerBeacons, ownBeacon),
    now,
  );
  const silence = peerSilence({
    peers: (deps.peers ?? []).map((p) => p.plane),
    previous: ownBeacon,
    seen: peersSeen,
    silentAfterMs: config.planes.takeoverAfterMs,
    now,
  });
  // A follower that starts applying says so once, on the first tick it holds authority.
  const takeover: CoreEvent[] =
    auth.applies && config.planes.leader !== plane && ownBeacon?.applying !== true && !dryRun
      ? [{ type: 'takeover', plane, leader: config.planes.leader, reason: auth.reason, at: now }]
      : [];

  const ctx: ReconcileContext = { config, plane, store, providers: deps.providers, logger, metrics };
  const reads = await readZones(ctx, config.records);
  for (const [key, result] of reads) {
    metrics.count('provider_reads_total', 1, {
      zone: key,
      outcome: result instanceof Error ? 'error' : 'ok',
    });
  }

  const drift = options.drift ? zoneDrift({ config, reads, states, now }) : [];

  const work: { decision: Decision; version: number; planned: PlannedProvider[] }[] = [];
  for (const record of config.records) {
    const stored = states.get(record.key);
    const version = stored?.version ?? 0;
    const recordPools = pools.get(record.key) ?? {};
    let state = stored?.value ?? initialState(record, plane);
    const current = planProviders(ctx, record, state, reads);
    const adopted = adoption(state, current, plane, now);
    if (adopted) state = adopted.next;
    const decided = decide({ record, state, pools: recordPools, now, plane });
    const decision: Decision = adopted
      ? {
          next: decided.next,
          changed: true,
          events: decided.transition ? decided.events : [...adopted.events, ...decided.events],
          ...(decided.transition ? { transition: decided.transition } : { transition: adopted.transition! }),
        }
      : decided;
    // In steady state the decision keeps the state as it is, and the plan already made is the plan.
    const planned =
      !adopted && decision.next === state ? current : planProviders(ctx, record, decision.next, reads);
    work.push({ decision, version, planned });
  }

  const changes = work.flatMap((w) => w.planned.flatMap((p) => p.plan?.changes ?? []));
  const refused = unsafeReasons(changes, { maxChangesPerTick: config.safety.maxChangesPerTick });
  const write = !dryRun && auth.applies && refused.length === 0;
  const withheld = dryRun ? 'dry run' : !auth.applies ? auth.reason : `plan refused: ${refused.join('; ')}`;

  const reports: RecordReport[] = [];
  const events: CoreEvent[] = [...drift];
  events.unshift(...takeover, ...silence);
  if (refused.length > 0) {
    for (const w of work)
      events.push({ type: 'plan-refused', record: w.decision.next.record, reasons: refused });
  }
  for (const [i, record] of config.records.entries()) {
    const w = work[i]!;
    const result = await applyAndCommit(ctx, record, w.decision, w.version, w.planned, { write, withheld });
    reports.push(result.report);
    events.push(...result.events);
    if (result.report.committed) {
      const old = states.get(record.key);
      states.set(record.key, { value: w.decision.next, version: (old?.version ?? 0) + 1 });
    }
  }

  const finishedAt = clock.now();
  if (!dryRun) {
    try {
      await store.publishBeacon(
        buildBeacon(plane, finishedAt, config, states, view, peersSeen, auth.applies),
      );
    } catch (error) {
      warnings.push(`beacon not published: ${errorMessage(error)}`);
    }
  }
  for (const e of events)
    if (e.type === 'transition')
      metrics.count('transitions_total', 1, { record: e.transition.record, kind: e.transition.kind });
  metrics.observe('tick_duration_ms', finishedAt - startedAt, { plane });
  metrics.gauge('last_tick_timestamp_seconds', finishedAt / 1_000, { plane });
  if (deps.notifier && events.length > 0 && !dryRun) await deps.notifier.notify(events);
  for (const w of warnings) logger.warn(w);
  return {
    plane,
    startedAt,
    finishedAt,
    dryRun,
    authority: auth,
    observations,
    rounds: probed.rounds,
    health,
    records: reports,
    events,
    warnings,
    ...(refused.length > 0 ? { refused } : {}),
  };
}
