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

/**
 * What a record's pools' health depends on when each pool has one check: the pool names and their
 * checks, in order. Records that share it (many records behind the same origins, the common case of a
 * mass failover) share one pools object per tick. Undefined for a record with a pool of several checks.
 * Worked out once per config.
 */
function shapesOf(config: Config): readonly (string | undefined)[] {
  let shapes = poolShapes.get(config);
  if (!shapes) {
    shapes = config.records.map((record) =>
      record.pools.every((pool) => pool.checks.length === 1)
        ? JSON.stringify(record.pools.map((pool) => [pool.name, pool.checks[0]]))
        : undefined,
    );
    poolShapes.set(config, shapes);
  }
  return shapes;
}
const poolShapes = new WeakMap<Config, readonly (string | undefined)[]>();

/**
 * Health of every pool of every record, from the aggregated checks. Records whose pools are the same
 * names over the same single checks get the same (frozen) object.
 */
export function poolsOf(
  config: Config,
  checks: Record<string, AggregatedCheck>,
  now: number,
): Map<string, Readonly<Record<string, PoolHealth>>> {
  const out = new Map<string, Readonly<Record<string, PoolHealth>>>();
  const shapes = shapesOf(config);
  const byShape = new Map<string, Readonly<Record<string, PoolHealth>>>();
  // A pool of one check is as healthy as that check: worked out once per check, however many pools
  // share it.
  const single = new Map<string, PoolHealth>();
  const { records } = config;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const shape = shapes[i];
    let pools = shape === undefined ? undefined : byShape.get(shape);
    if (!pools) {
      const built: Record<string, PoolHealth> = {};
      for (const pool of record.pools) {
        if (pool.checks.length !== 1) {
          built[pool.name] = poolHealth(pool, checks, now);
          continue;
        }
        const check = pool.checks[0]!;
        let health = single.get(check);
        if (!health) {
          health = poolHealth(pool, checks, now);
          single.set(check, health);
        }
        built[pool.name] = health;
      }
      pools = Object.freeze(built);
      if (shape !== undefined) byShape.set(shape, pools);
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
