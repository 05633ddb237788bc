/** The Metrics port in process memory, for the local plane's /metrics: counters and summaries accumulate. */
import { compareText } from '../../core/order';
import type { Labels, Metrics } from '../../core/ports';
import { addToBuckets, LATENCY_BUCKETS_MS } from './catalog';
import type { MetricKind, MetricRow } from './prometheus';

const sorted = (labels: Labels = {}): Labels =>
  Object.fromEntries(Object.entries(labels).sort(([a], [b]) => compareText(a, b)));

/** Observations become histograms, so probe latency can be read as percentiles. */
export class MemoryMetrics implements Metrics {
  private readonly series = new Map<string, MetricRow>();

  private add(kind: MetricKind, name: string, value: number, labels: Labels = {}) {
    const ordered = sorted(labels);
    const key = `${name}\u0000${JSON.stringify(ordered)}`;
    const row = this.series.get(key) ?? { name, labels: ordered, kind, value: 0, count: 0 };
    if (kind === 'gauge') row.value = value;
    else row.value += value;
    row.count++;
    if (kind === 'histogram') {
      const counts = (row.buckets ?? []).map((b) => b.count);
      addToBuckets(counts, value);
      row.buckets = LATENCY_BUCKETS_MS.map((le, i) => ({ le, count: counts[i] ?? 0 }));
    }
    this.series.set(key, row);
  }

  count(name: string, value = 1, labels?: Labels): void {
    this.add('counter', name, value, labels);
  }
  observe(name: string, value: number, labels?: Labels): void {
    this.add('histogram', name, value, labels);
  }
  gauge(name: string, value: number, labels?: Labels): void {
    this.add('gauge', name, value, labels);
  }
  rows(): MetricRow[] {
    return [...this.series.values()];
  }
}
