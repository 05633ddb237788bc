/**
 * The phase every pass starts with: this plane's committed states, its own beacon and its peers'
 * (read with a short timeout; an unreachable peer never fails the pass), and the health of every pool
 * those views give under the agreement rule.
 */
import type { Config } from './config/model';
import { TIMED_OUT, withDeadline } from './deadline';
import { DEFAULT_PEER_TIMEOUT_MS, type PlaneDeps, type TickOptions } from './deps';
import { errorMessage } from './errors';
import { type AggregatedCheck, aggregateAll, type PoolHealth, poolHealth } from './health';
import type { Clock, PeerReader } from './ports';
import type { Beacon, PlaneId, RecordState, VantageView, Versioned } from './types';

/** Reads every peer beacon with a short timeout; an unreachable peer never fails the tick. */
export async function readPeers(
  peers: readonly PeerReader[],
  clock: Clock,
  timeoutMs: number,
  warnings: string[],
): Promise<Beacon[]> {
  const results = await Promise.all(
    peers.map(async (peer) => {
      try {
        const result = await withDeadline(clock, timeoutMs, (signal) => peer.read(signal));
        if (result === TIMED_OUT) {
          warnings.push(`peer ${peer.plane}: no beacon within ${timeoutMs} ms`);
          return undefined;
        }
        return result;
      } catch (error) {
        warnings.push(`peer ${peer.plane}: ${errorMessage(error)}`);
        return undefined;
      }
    }),
  );
  return results.filter((b): b is Beacon => b !== undefined);
}

export interface Loaded {
  states: Map<string, Versioned<RecordState>>;
  own: Beacon | undefined;
  peers: Beacon[];
}

/** Loads this plane's states and beacon and reads its peers', at once. */
export async function loadPlane(deps: PlaneDeps, options: TickOptions, warnings: string[]): Promise<Loaded> {
  const [states, own, peers] = await Promise.all([
    deps.store.loadRecords(),
    deps.store.loadBeacon(deps.plane),
    readPeers(deps.peers ?? [], deps.clock, options.peerTimeoutMs ?? DEFAULT_PEER_TIMEOUT_MS, warnings),
  ]);
  return { states, own, peers };
}

/**
 * Under a plane's state lock (deps.exclusive), the states loaded before it was taken are read again:
 * another process of the plane may have committed in between.
 */
export async function reloadUnderLock(deps: PlaneDeps, states: Map<string, Versioned<RecordState>>) {
  if (!deps.exclusive) return;
  for (const [key, fresh] of await deps.store.loadRecords()) states.set(key, fresh);
}

/** Health of every pool of every record, from the aggregated checks. */
export function poolsOf(config: Config, checks: Record<string, AggregatedCheck>, now: number) {
  const out = new Map<string, Record<string, PoolHealth>>();
  // A pool of one check is as healthy as that check: worked out once per check, however many records'
  // pools share it (many records behind one origin is the common case of a mass failover).
  const single = new Map<string, PoolHealth>();
  for (const record of config.records) {
    const pools: Record<string, PoolHealth> = {};
    for (const pool of record.pools) {
      if (pool.checks.length !== 1) {
        pools[pool.name] = poolHealth(pool, checks, now);
        continue;
      }
      const check = pool.checks[0]!;
      let health = single.get(check);
      if (!health) {
        health = poolHealth(pool, checks, now);
        single.set(check, health);
      }
      pools[pool.name] = health;
    }
    out.set(record.key, pools);
  }
  return out;
}

/** Every check under the agreement rule across this plane's view and its fresh peers', and every pool. */
export function evaluateHealth(
  config: Config,
  plane: PlaneId,
  view: VantageView,
  peers: readonly Beacon[],
  now: number,
) {
  const health = aggregateAll(
    config,
    view,
    peers.map((b) => b.view),
    { own: plane, now, maxAgeMs: config.planes.observationMaxAgeMs, rule: config.planes.agreement },
  );
  return { health, pools: poolsOf(config, health, now) };
}
