/**
 * The peer exchange inside a probe window: after every round a plane publishes its view and reads its
 * peers', so a verdict that needs two vantages forms within seconds of the second one seeing it, not at
 * the next once-a-minute tick. The rounds stop as soon as the agreed verdict would change a record this
 * plane may write; while the own view disagrees with the agreed one (a peer has not confirmed yet), the
 * peers are read again after a short poll interval.
 */
import { authority, lastHeartbeat } from './authority';
import type { Config } from './config/model';
import { decide } from './decide';
import { aggregateAll, type PoolHealth, poolHealth } from './health';
import type { Clock } from './ports';
import type { RoundHook } from './probing';
import type { Beacon, PlaneId, RecordState, VantageView, Versioned } from './types';

export interface ExchangeDeps {
  config: Config;
  plane: PlaneId;
  clock: Clock;
  states: Map<string, Versioned<RecordState>>;
  ownBeacon: Beacon | undefined;
  /** Publishes the own beacon with this view (failures are the caller's warnings, never thrown). */
  publish(view: VantageView): Promise<void>;
  /** Reads every peer's beacon (failures are the caller's warnings, never thrown). */
  readPeers(): Promise<Beacon[]>;
  /** The newest beacon read of each peer so far (a failed read keeps the older one, which ages). */
  peers: Beacon[];
  /** How soon to read the peers again while a verdict waits for them. */
  pollMs: number;
}

/** Whether the agreed verdict would change a record now, and whether some check waits for a peer. */
export function exchangeVerdict(
  deps: Pick<ExchangeDeps, 'config' | 'plane' | 'states' | 'ownBeacon'>,
  view: VantageView,
  peers: readonly Beacon[],
  now: number,
): { act: boolean; waiting: boolean } {
  const { config, plane } = deps;
  const health = aggregateAll(
    config,
    view,
    peers.map((b) => b.view),
    { own: plane, now, maxAgeMs: config.planes.observationMaxAgeMs, rule: config.planes.agreement },
  );
  // Own view unhealthy, not yet agreed: poll the peers until the next regular round would read them.
  const waiting = Object.entries(view.checks).some(
    ([name, own]) =>
      own.status === 'unhealthy' &&
      health[name]?.status !== 'unhealthy' &&
      now - own.since < (config.checks[name]?.intervalMs ?? 0),
  );
  const auth = authority(
    config.planes,
    plane,
    lastHeartbeat(config.planes.leader, peers, deps.ownBeacon),
    now,
  );
  if (!auth.applies) return { act: false, waiting };
  const act = config.records.some((record) => {
    const pools: Record<string, PoolHealth> = {};
    for (const pool of record.pools) pools[pool.name] = poolHealth(pool, health, now);
    const state = deps.states.get(record.key)?.value;
    return decide({ record, state, pools, now, plane }).changed;
  });
  return { act, waiting };
}

/** The round hook that runs the exchange. */
export function exchangeHook(deps: ExchangeDeps): RoundHook {
  return async ({ view }) => {
    const [, read] = await Promise.all([deps.publish(view), deps.readPeers()]);
    for (const beacon of read) deps.peers = [...deps.peers.filter((b) => b.plane !== beacon.plane), beacon];
    const now = deps.clock.now();
    const { act, waiting } = exchangeVerdict(deps, view, deps.peers, now);
    if (act) return { stop: true };
    return waiting ? { stop: false, wakeBy: now + deps.pollMs } : { stop: false };
  };
}
