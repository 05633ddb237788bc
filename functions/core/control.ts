/**
 * Manual actions (failover, failback, pin, unpin) as pure state changes. Input is validated here;
 * an action that cannot be honoured throws RequestError and changes nothing.
 */
import type { RecordSpec } from './config/model';
import { type Decision, describeFailing, initialState, transitionTo } from './decide';
import { RequestError } from './errors';
import type { PoolHealth } from './health';
import type { PlaneId, RecordState } from './types';

export type ManualAction =
  | { action: 'failover'; record: string; pool?: string; force?: boolean }
  | { action: 'failback'; record: string; force?: boolean }
  | { action: 'pin'; record: string; pool: string; until?: number }
  | { action: 'unpin'; record: string };

export interface ControlInput {
  record: RecordSpec;
  state: RecordState | undefined;
  pools: Record<string, PoolHealth>;
  action: ManualAction;
  now: number;
  plane: PlaneId;
  /** Who asked, for the audit log. */
  by: string;
}

function poolOrThrow(record: RecordSpec, pool: string, field: string) {
  const found = record.pools.find((p) => p.name === pool);
  if (!found) {
    throw new RequestError([
      {
        path: field,
        message: `"${pool}" is not a pool of ${record.key} (${record.pools.map((p) => p.name).join(', ')})`,
      },
    ]);
  }
  return found;
}

function requireHealthy(pools: Record<string, PoolHealth>, pool: string, force: boolean | undefined) {
  const health = pools[pool];
  if (!force && health?.status === 'unhealthy') {
    throw new RequestError([
      {
        path: 'pool',
        message: `pool ${pool} is unhealthy (${describeFailing(health.failing)})`,
        override: { force: true },
      },
    ]);
  }
}

export function applyManualAction(input: ControlInput): Decision {
  const { record, action, now, plane, by, pools } = input;
  const state = input.state ?? initialState(record, plane);
  const unchanged: Decision = { next: state, events: [], changed: false };
  switch (action.action) {
    case 'failover': {
      if (state.pin)
        throw new RequestError([
          { path: 'record', message: `${record.key} is pinned to ${state.pin.pool}; unpin it first` },
        ]);
      const activeIndex = record.pools.findIndex((p) => p.name === state.activePool);
      const target = action.pool
        ? poolOrThrow(record, action.pool, 'pool')
        : [...record.pools.slice(activeIndex + 1), ...record.pools.slice(0, Math.max(activeIndex, 0))].find(
            (p) => pools[p.name]?.status !== 'unhealthy',
          );
      if (!target)
        throw new RequestError([
          { path: 'pool', message: 'no other pool is healthy; name one', override: { force: true } },
        ]);
      if (target.name === state.activePool) return unchanged;
      requireHealthy(pools, target.name, action.force);
      return transitionTo(state, target.name, 'manual-failover', `manual failover by ${by}`, now, plane);
    }
    case 'failback': {
      if (state.pin)
        throw new RequestError([
          { path: 'record', message: `${record.key} is pinned to ${state.pin.pool}; unpin it first` },
        ]);
      const preferred = record.pools[0]!.name;
      if (state.activePool === preferred) return unchanged;
      requireHealthy(pools, preferred, action.force);
      return transitionTo(state, preferred, 'manual-failback', `manual failback by ${by}`, now, plane);
    }
    case 'pin': {
      poolOrThrow(record, action.pool, 'pool');
      if (action.until !== undefined && action.until <= now) {
        throw new RequestError([{ path: 'until', message: 'must be in the future' }]);
      }
      const pin = {
        pool: action.pool,
        at: now,
        by,
        ...(action.until !== undefined ? { until: action.until } : {}),
      };
      const pinned: RecordState = { ...state, pin };
      if (state.activePool === action.pool) return { next: pinned, events: [], changed: true };
      return transitionTo(pinned, action.pool, 'pin', `pinned to ${action.pool} by ${by}`, now, plane);
    }
    case 'unpin': {
      if (!state.pin) return unchanged;
      const { pin: _pin, ...rest } = state;
      return { next: rest, events: [], changed: true };
    }
  }
}
