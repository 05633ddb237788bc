/** Gauges derived from the plane's state at scrape time, so they are exact whatever ran last. */
import type { MetricRow } from '../adapters/metrics/prometheus';
import type { Config } from '../core/config/model';
import { initialState } from '../core/decide';
import type { Beacon, RecordState, Versioned } from '../core/types';

const gauge = (name: string, value: number, labels: Record<string, string> = {}): MetricRow => ({
  name,
  labels,
  kind: 'gauge',
  value,
  count: 1,
});

export function stateGauges(
  config: Config,
  states: Map<string, Versioned<RecordState>>,
  beacon: Beacon | undefined,
  outboxPending: number,
): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const record of config.records) {
    const state = states.get(record.key)?.value ?? initialState(record, 'cloudflare');
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
  if (beacon) rows.push(gauge('last_tick_timestamp_seconds', beacon.at / 1000));
  rows.push(gauge('kv_outbox_pending', outboxPending));
  return rows;
}
