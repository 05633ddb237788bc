/**
 * Adoption: what another plane wrote to a provider's ownership marker, taken over instead of undone.
 * Markers are ordered totally, so two planes that wrote different pools at the same epoch (each saw
 * a different provider fail) agree on which one stands, and the other adopts it: no fight.
 */
import type { Decision } from './decide';
import type { Marker } from './ownership';
import { type PlaneId, type ProviderName, type RecordState, type Transition, transitionId } from './types';

/** Our marker of a record as read from one provider this tick. */
export interface FoundMarker {
  provider: ProviderName;
  marker: Marker;
}

/** What a plane claims for a record: an epoch, the plane that wrote it, the pool. */
export interface Claim {
  epoch: number;
  plane: string;
  pool: string;
}

/**
 * Whether claim `a` outranks claim `b`: the higher epoch; at equal epochs the leader's, then the plane
 * that sorts first, then the pool that sorts first. The same epoch and pool is the same transition,
 * whoever wrote it, and outranks nothing.
 */
export function outranks(a: Claim, b: Claim, leader: PlaneId): boolean {
  if (a.epoch !== b.epoch) return a.epoch > b.epoch;
  if (a.pool === b.pool) return false;
  if (a.plane !== b.plane) {
    if (a.plane === leader || b.plane === leader) return a.plane === leader;
    return a.plane < b.plane;
  }
  return a.pool < b.pool;
}

export interface AdoptInput {
  state: RecordState;
  /** The candidates; the caller leaves out this plane's own markers unless it means to adopt one. */
  markers: readonly FoundMarker[];
  self: PlaneId;
  leader: PlaneId;
  now: number;
}

/**
 * The adoption of the best marker that outranks this plane's state, or undefined. At a higher epoch the
 * adoption is a transition of its own (`adopt`, recorded once under the marker's id). At an equal epoch
 * this plane already recorded its own, losing transition under that id: the state moves, and the
 * transition carries `superseded` and is not recorded again.
 */
export function adoption(input: AdoptInput): Decision | undefined {
  const { state, self, leader, now } = input;
  const own: Claim = { epoch: state.epoch, plane: self, pool: state.activePool };
  let best: FoundMarker | undefined;
  for (const found of input.markers) {
    const m = found.marker;
    const claim = { epoch: m.epoch, plane: m.plane, pool: m.pool };
    if (!outranks(claim, own, leader)) continue;
    if (!best || outranks(claim, { ...best.marker }, leader)) best = found;
  }
  if (!best) return undefined;
  const m = best.marker;
  const tie = m.epoch === state.epoch;
  const by = m.plane === self ? 'written by this plane and not committed' : `written by the ${m.plane} plane`;
  const reason = tie
    ? `adopted epoch ${m.epoch} (${m.pool}) ${by}, found on ${best.provider}: it outranks this plane's epoch ${state.epoch} (${state.activePool})`
    : `adopted epoch ${m.epoch} (${m.pool}) ${by}, found on ${best.provider}`;
  const { holding: _h, ...rest } = state;
  const next: RecordState = { ...rest, activePool: m.pool, epoch: m.epoch, since: now, reason, plane: self };
  const transition: Transition = {
    id: transitionId(state.record, m.epoch),
    record: state.record,
    epoch: m.epoch,
    from: state.activePool,
    to: m.pool,
    kind: 'adopt',
    reason,
    at: now,
    plane: self,
    failing: [],
    ...(tie ? { superseded: state.activePool } : {}),
  };
  return { next, transition, events: [{ type: 'transition', transition }], changed: true };
}
