/**
 * The Metrics port on Durable Object SQLite: counters and summaries accumulate across ticks (a Worker
 * isolate forgets; the Durable Object does not), gauges keep their last value. Observations are
 * buffered in memory and written in one transaction by flush().
 */
import type { Labels, Metrics } from '../../core/ports';
import type { MetricKind, MetricRow } from '../metrics/prometheus';
import { type DurableStorageLike, rows } from './sql';

const SCHEMA =
  'CREATE TABLE IF NOT EXISTS metrics (name TEXT NOT NULL, labels TEXT NOT NULL, kind TEXT NOT NULL, value REAL NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (name, labels))';

const labelKey = (labels: Labels = {}) =>
  JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))));

export class DurableObjectMetrics implements Metrics {
  private buffer: { name: string; labels: string; kind: MetricKind; value: number }[] = [];

  constructor(private readonly storage: DurableStorageLike) {
    storage.sql.exec(SCHEMA);
  }

  count(name: string, value = 1, labels?: Labels): void {
    this.buffer.push({ name, labels: labelKey(labels), kind: 'counter', value });
  }
  observe(name: string, value: number, labels?: Labels): void {
    this.buffer.push({ name, labels: labelKey(labels), kind: 'summary', value });
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
        const add = m.kind === 'gauge' ? 'excluded.value' : 'metrics.value + excluded.value';
        this.storage.sql.exec(
          `INSERT INTO metrics (name, labels, kind, value, count) VALUES (?, ?, ?, ?, 1) ON CONFLICT(name, labels) DO UPDATE SET value = ${add}, count = metrics.count + 1`,
          m.name,
          m.labels,
          m.kind,
          m.value,
        );
      }
    });
  }

  snapshot(): MetricRow[] {
    return rows<{ name: string; labels: string; kind: MetricKind; value: number; count: number }>(
      this.storage.sql,
      'SELECT name, labels, kind, value, count FROM metrics ORDER BY name, labels',
    ).map((r) => ({ ...r, labels: JSON.parse(r.labels) as Labels }));
  }
}
