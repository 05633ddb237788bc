/**
 * The Metrics port as CloudWatch Embedded Metric Format: metrics are buffered during an invocation and
 * flushed as one JSON line per label set, which CloudWatch Logs turns into metrics with the labels as
 * dimensions. No API call and no permission beyond writing logs.
 */
import { compareText } from '../../core/order';
import type { Labels, Metrics } from '../../core/ports';

type Unit = 'Count' | 'Milliseconds' | 'None';

interface Series {
  unit: Unit;
  values: number[];
}

interface Group {
  labels: Labels;
  series: Map<string, Series>;
}

export interface EmfOptions {
  namespace?: string;
  /** Dimensions added to every metric (e.g. service and plane). */
  dimensions?: Labels;
  /** One EMF document per call. Default: stdout, bypassing Lambda's console prefix. */
  write?: (line: string) => void;
  now?: () => number;
}

/** EMF allows at most 100 metrics per document and 100 values per metric. */
const MAX_VALUES = 100;
const MAX_METRICS = 100;

const unitOf = (name: string): Unit => (name.endsWith('_ms') ? 'Milliseconds' : 'None');

export class EmfMetrics implements Metrics {
  private readonly groups = new Map<string, Group>();
  private readonly namespace: string;
  private readonly base: Labels;
  private readonly write: (line: string) => void;
  private readonly now: () => number;

  constructor(options: EmfOptions = {}) {
    this.namespace = options.namespace ?? 'twinplane';
    this.base = options.dimensions ?? {};
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.now = options.now ?? Date.now;
  }

  private series(name: string, unit: Unit, labels: Labels = {}): Series {
    const all = { ...this.base, ...labels };
    const id = JSON.stringify(Object.entries(all).sort(([a], [b]) => compareText(a, b)));
    let group = this.groups.get(id);
    if (!group) {
      group = { labels: all, series: new Map() };
      this.groups.set(id, group);
    }
    let series = group.series.get(name);
    if (!series) {
      series = { unit, values: [] };
      group.series.set(name, series);
    }
    return series;
  }

  count(name: string, value = 1, labels?: Labels): void {
    const s = this.series(name, 'Count', labels);
    s.values = [(s.values[0] ?? 0) + value];
  }

  observe(name: string, value: number, labels?: Labels): void {
    this.series(name, unitOf(name), labels).values.push(value);
  }

  gauge(name: string, value: number, labels?: Labels): void {
    this.series(name, unitOf(name), labels).values = [value];
  }

  /** Writes everything buffered and empties the buffer. Call once at the end of each invocation. */
  flush(): void {
    const timestamp = this.now();
    for (const group of this.groups.values()) {
      const chunks: [string, Series][][] = [[]];
      for (const [name, series] of group.series) {
        for (let i = 0; i < series.values.length; i += MAX_VALUES) {
          let chunk = chunks.find((c) => c.length < MAX_METRICS && !c.some(([n]) => n === name));
          if (!chunk) {
            chunk = [];
            chunks.push(chunk);
          }
          chunk.push([name, { unit: series.unit, values: series.values.slice(i, i + MAX_VALUES) }]);
        }
      }
      for (const chunk of chunks.filter((c) => c.length > 0))
        this.write(this.document(timestamp, group.labels, chunk));
    }
    this.groups.clear();
  }

  private document(timestamp: number, labels: Labels, metrics: [string, Series][]): string {
    const doc: Record<string, unknown> = {
      _aws: {
        Timestamp: timestamp,
        CloudWatchMetrics: [
          {
            Namespace: this.namespace,
            Dimensions: [Object.keys(labels)],
            Metrics: metrics.map(([name, s]) => ({ Name: name, Unit: s.unit })),
          },
        ],
      },
      ...labels,
    };
    for (const [name, s] of metrics) doc[name] = s.values.length === 1 ? s.values[0] : s.values;
    return JSON.stringify(doc);
  }
}
