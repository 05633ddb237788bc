/**
 * Gauges derived from a plane's state at scrape time, so they are exact whatever ran last: the same on
 * the Worker's and the local plane's /metrics.
 */
import type { Config } from '../../core/config/model';
import { initialState } from '../../core/decide';
import type { PlaneId, RecordState, Versioned } from '../../core/types';
import type { MetricRow } from './prometheus';

export const gauge = (name: string, value: number, labels: Record<string, string> = {}): MetricRow => ({
  name,
  labels,
  kind: 'gauge',
  value,
  count: 1,
});

export function stateGauges(
  config: Config,
  plane: PlaneId,
  states: Map<string, Versioned<RecordState>>,
): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const record of config.records) {
    const state = states.get(record.key)?.value ?? initialState(record, plane);
    rows.push(gauge('record_epoch', state.epoch, { record: record.key }));
    for (const pool of record.pools)
      rows.push(
        gauge('record_active_pool', pool.name === state.activePool ? 1 : 0, {
          record: record.key,
          pool: pool.name,
        }),
      );
    rows.push(gauge('record_pinned', state.pin ? 1 : 0, { record: record.key }));
    rows.push(gauge('record_holding', state.holding ? 1 : 0, { record: record.key }));
  }
  return rows;
}
