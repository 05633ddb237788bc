/**
 * The Metrics port on Durable Object SQLite: counters and histograms accumulate across ticks (a Worker
 * isolate forgets; the Durable Object does not), gauges keep their last value. Histograms keep the same
 * buckets as the local plane's, so both /metrics carry the same families and types. Observations are
 * buffered in memory and written in one transaction by flush().
 */
import { compareText } from '../../core/order';
import type { Labels, Metrics } from '../../core/ports';
import { addToBuckets, LATENCY_BUCKETS_MS } from '../metrics/catalog';
import type { MetricKind, MetricRow } from '../metrics/prometheus';
import { type DurableStorageLike, rows } from './sql';

// metric_series replaces the first table (summaries without buckets); counters restart, as after any restart.
const SCHEMA = [
  'DROP TABLE IF EXISTS metrics',
  'CREATE TABLE IF NOT EXISTS metric_series (name TEXT NOT NULL, labels TEXT NOT NULL, kind TEXT NOT NULL, value REAL NOT NULL, count INTEGER NOT NULL, buckets TEXT, PRIMARY KEY (name, labels))',
];

const labelKey = (labels: Labels = {}) =>
  JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => compareText(a, b))));

export class DurableObjectMetrics implements Metrics {
  private buffer: { name: string; labels: string; kind: MetricKind; value: number }[] = [];

  constructor(private readonly storage: DurableStorageLike) {
    for (const statement of SCHEMA) storage.sql.exec(statement);
  }

  count(name: string, value = 1, labels?: Labels): void {
    this.buffer.push({ name, labels: labelKey(labels), kind: 'counter', value });
  }
  observe(name: string, value: number, labels?: Labels): void {
    this.buffer.push({ name, labels: labelKey(labels), kind: 'histogram', value });
  }
  gauge(name: string, value: number, labels?: Labels): void {
    this.buffer.push({ name, labels: labelKey(labels), kind: 'gauge', value });
  }

  flush(): void {
    const pending = this.buffer;
    this.buffer = [];
    if (pending.length === 0) return;
    this.storage.transactionSync(() => {
      for (const m of pending) {
        if (m.kind === 'histogram') {
          const [row] = rows<{ buckets: string | null }>(
            this.storage.sql,
            'SELECT buckets FROM metric_series WHERE name = ? AND labels = ?',
            m.name,
            m.labels,
          );
          const counts = row?.buckets ? (JSON.parse(row.buckets) as number[]) : [];
          addToBuckets(counts, m.value);
          this.upsert(m, 'metric_series.value + excluded.value', JSON.stringify(counts));
        } else
          this.upsert(
            m,
            m.kind === 'gauge' ? 'excluded.value' : 'metric_series.value + excluded.value',
            null,
          );
      }
    });
  }

  private upsert(
    m: { name: string; labels: string; kind: MetricKind; value: number },
    add: string,
    buckets: string | null,
  ) {
    this.storage.sql.exec(
      `INSERT INTO metric_series (name, labels, kind, value, count, buckets) VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT(name, labels) DO UPDATE SET value = ${add}, count = metric_series.count + 1, buckets = excluded.buckets`,
      m.name,
      m.labels,
      m.kind,
      m.value,
      buckets,
    );
  }

  snapshot(): MetricRow[] {
    return rows<{
      name: string;
      labels: string;
      kind: MetricKind;
      value: number;
      count: number;
      buckets: string | null;
    }>(
      this.storage.sql,
      'SELECT name, labels, kind, value, count, buckets FROM metric_series ORDER BY name, labels',
    ).map(({ buckets, ...r }) => {
      const counts = buckets ? (JSON.parse(buckets) as number[]) : undefined;
      return {
        ...r,
        labels: JSON.parse(r.labels) as Labels,
        ...(counts ? { buckets: LATENCY_BUCKETS_MS.map((le, i) => ({ le, count: counts[i] ?? 0 })) } : {}),
      };
    });
  }
}
