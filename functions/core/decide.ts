/**
 * The per-record state machine: stay, fail over, fail back, or hold. A pure function of
 * (record config, state, pool health, now); it returns the next state and what happened.
 */
import type { RecordSpec } from './config/model';
import { formatDuration } from './duration';
import type { PoolHealth } from './health';
import {
  type CoreEvent,
  type FailingCheck,
  NO_EVENTS,
  type PlaneId,
  type RecordState,
  type Transition,
  type TransitionKind,
  transitionId,
} from './types';

export interface Decision {
  next: RecordState;
  /** Set when the active pool changes. */
  transition?: Transition;
  events: readonly CoreEvent[];
  /** True when `next` differs from the input state and must be committed. */
  changed: boolean;
}

export interface DecideInput {
  record: RecordSpec;
  /** Undefined before the first commit; the preferred pool is then taken as active. */
  state: RecordState | undefined;
  pools: Record<string, PoolHealth>;
  now: number;
  plane: PlaneId;
}

/**
 * The state a record has before anything was committed for it. A record that never moved has no
 * committed state, so every tick asks for it: made once per record and plane, and frozen, since it is
 * shared (states are never changed in place; every change makes a new one).
 */
export function initialState(record: RecordSpec, plane: PlaneId): RecordState {
  let byPlane = initialStates.get(record);
  if (!byPlane) {
    byPlane = {};
    initialStates.set(record, byPlane);
  }
  let state = byPlane[plane];
  if (!state) {
    state = Object.freeze({
      record: record.key,
      activePool: record.pools[0]?.name ?? '',
      epoch: 0,
      since: 0,
      reason: 'initial: preferred pool',
      plane,
    });
    byPlane[plane] = state;
  }
  return state;
}
const initialStates = new WeakMap<RecordSpec, Partial<Record<PlaneId, RecordState>>>();

export function describeFailing(failing: readonly FailingCheck[]): string {
  if (failing.length === 0) return '';
  return failing.map((f) => `${f.check} from ${f.vantage}: ${f.reason}`).join('; ');
}

/** Moves `state` to `pool`, bumping the epoch, and builds the matching transition. */
export function transitionTo(
  state: RecordState,
  pool: string,
  kind: TransitionKind,
  reason: string,
  now: number,
  plane: PlaneId,
  failing: FailingCheck[] = [],
): Decision {
  const epoch = state.epoch + 1;
  const { holding: _holding, ...rest } = state;
  const next: RecordState = { ...rest, activePool: pool, epoch, since: now, reason, plane };
  const transition: Transition = {
    id: transitionId(state.record, epoch),
    record: state.record,
    epoch,
    from: state.activePool,
    to: pool,
    kind,
    reason,
    at: now,
    plane,
    failing,
  };
  return { next, transition, events: [{ type: 'transition', transition }], changed: true };
}

const stay = (state: RecordState, events: readonly CoreEvent[] = NO_EVENTS, changed = false): Decision => ({
  next: state,
  events,
  changed,
});

/** A pool's aggregate health this tick; unknown (since now) when nothing was measured. */
function healthOf(pools: Record<string, PoolHealth>, pool: string, now: number): PoolHealth {
  return pools[pool] ?? { status: 'unknown', since: now, failing: [] };
}

function indexOfPool(record: RecordSpec, pool: string): number {
  for (let i = 0; i < record.pools.length; i++) if (record.pools[i]!.name === pool) return i;
  return -1;
}

export function decide(input: DecideInput): Decision {
  const { record, now, plane, pools } = input;
  let state = input.state ?? initialState(record, plane);
  let changed = false;

  if (state.pin?.until !== undefined && state.pin.until <= now) {
    const { pin: _pin, ...rest } = state;
    state = rest;
    changed = true;
  }
  if (state.pin) {
    if (state.activePool === state.pin.pool) return stay(state, NO_EVENTS, changed);
    const d = transitionTo(
      state,
      state.pin.pool,
      'pin',
      `pinned to ${state.pin.pool} by ${state.pin.by}`,
      now,
      plane,
    );
    return d;
  }

  const active = healthOf(pools, state.activePool, now);
  const activeIndex = indexOfPool(record, state.activePool);

  if (active.status === 'unhealthy' || activeIndex < 0) {
    const target = record.pools.find(
      (p) => p.name !== state.activePool && healthOf(pools, p.name, now).status === 'healthy',
    );
    const why =
      activeIndex < 0
        ? `pool ${state.activePool} is no longer configured`
        : `${state.activePool} unhealthy: ${describeFailing(active.failing)}`;
    if (target) {
      const d = transitionTo(state, target.name, 'failover', why, now, plane, active.failing);
      if (active.dissent?.length && d.transition) d.transition.dissent = active.dissent;
      return d;
    }
    if (!state.holding) {
      const reason = `every pool is unhealthy; holding ${state.activePool} (${why})`;
      const failing = record.pools.flatMap((p) => healthOf(pools, p.name, now).failing);
      const event: CoreEvent = {
        type: 'fail-static',
        record: record.key,
        activePool: state.activePool,
        reason,
        failing,
        at: now,
      };
      return stay({ ...state, holding: { reason, since: now } }, [event], true);
    }
    return stay(state, NO_EVENTS, changed);
  }

  let events = NO_EVENTS;
  if (state.holding && active.status === 'healthy') {
    const { holding: _holding, ...rest } = state;
    state = rest;
    changed = true;
    events = [{ type: 'fail-static-cleared', record: record.key, activePool: state.activePool, at: now }];
  }

  if (activeIndex > 0 && record.failback.mode === 'auto' && active.status !== 'unknown') {
    const after = record.failback.afterMs;
    const better = record.pools.slice(0, activeIndex).find((p) => {
      const h = healthOf(pools, p.name, now);
      return h.status === 'healthy' && now - h.since >= after && now - state.since >= after;
    });
    if (better) {
      const reason = `${better.name} healthy for ${formatDuration(now - healthOf(pools, better.name, now).since)} (failback after ${formatDuration(after)})`;
      return transitionTo(state, better.name, 'failback', reason, now, plane);
    }
  }
  return stay(state, events, changed);
}
