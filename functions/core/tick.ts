/**
 * One tick of a plane: load state and read peers, probe, evaluate health, then one pass (pass.ts: read
 * markers, decide with adoption, plan once, gate, apply with authority, commit), publish the beacon,
 * notify. Every plane (Lambda, Worker, local) calls this; manual actions run the same pass (manual.ts).
 */
import { authority, lastHeartbeat } from './authority';
import type { Config } from './config/model';
import { dataPlaneDrift } from './dataplane-drift';
import { DEFAULT_PEER_TIMEOUT_MS, type PlaneDeps, type TickOptions, underLock } from './deps';
import { zoneDrift } from './drift';
import { errorMessage } from './errors';
import { evaluateHealth, loadPlane, readPeers, reloadUnderLock } from './evaluate';
import { exchangeHook } from './exchange';
import { isDryRun } from './gates';
import type { AggregatedCheck } from './health';
import { applyPass, planPass } from './pass';
import { peerSilence } from './peer-watch';
import { noMetrics, silentLogger } from './ports';
import { probeRounds } from './probing';
import type { ReconcileContext, RecordReport } from './reconcile';
import type { Beacon, CoreEvent, Observation, PlaneId, RecordState, Versioned } from './types';

export type { PlaneDeps, TickOptions } from './deps';
export { poolsOf, readPeers } from './evaluate';

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

  const peerTimeoutMs = options.peerTimeoutMs ?? DEFAULT_PEER_TIMEOUT_MS;
  const { states, own: ownBeacon, peers: firstPeers } = await loadPlane(deps, options, warnings);

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
    maxOpen: options.probeMaxOpen ?? 500,
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
  const { health, pools } = evaluateHealth(config, plane, view, peerBeacons, now);

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

  const ctx: ReconcileContext = {
    config,
    plane,
    store,
    providers: deps.providers,
    ...(deps.unavailable ? { unavailable: deps.unavailable } : {}),
    logger,
    metrics,
  };
  const events: CoreEvent[] = [...takeover, ...silence];
  let reports: RecordReport[] = [];
  let refused: string[] = [];
  // Plan, apply and commit hold the plane's state lock where it has one: nothing reaches a provider
  // before it is held, and the decision is made on the states as they are under it.
  let entered = false;
  try {
    await underLock(deps, async () => {
      entered = true;
      await reloadUnderLock(deps, states);
      const plan = await planPass(ctx, { records: config.records, states, pools, now });
      for (const [key, result] of plan.reads) {
        metrics.count('provider_reads_total', 1, {
          zone: key,
          outcome: result instanceof Error ? 'error' : 'ok',
        });
      }
      if (options.drift)
        events.push(
          ...zoneDrift({ config, reads: plan.reads, states, now }),
          ...dataPlaneDrift(config, plan.reads, now),
        );
      refused = plan.refused;
      const write = !dryRun && auth.applies && refused.length === 0;
      const withheld = dryRun
        ? 'dry run'
        : !auth.applies
          ? auth.reason
          : `plan refused: ${refused.join('; ')}`;
      if (refused.length > 0) {
        for (const w of plan.work)
          events.push({ type: 'plan-refused', record: w.record.key, reasons: refused });
      }
      const outcome = await applyPass(ctx, plan, { write, withheld });
      reports = outcome.reports;
      events.push(...outcome.events);
      for (const [key, next] of outcome.committed) {
        states.set(key, { value: next, version: (states.get(key)?.version ?? 0) + 1 });
      }
    });
  } catch (error) {
    if (entered) throw error;
    // The lock was not to be had: nothing was planned or written; the next tick tries again.
    const reason = `nothing written: ${errorMessage(error)}`;
    for (const record of config.records)
      events.push({ type: 'commit-failed', record: record.key, reason, retryable: true });
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
