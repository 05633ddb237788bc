/**
 * Prometheus text exposition (format 0.0.4) of the plane's metrics, with `# HELP` and `# TYPE` from the
 * catalog and durations in seconds.
 */
import type { Labels } from '../../core/ports';
import { FAMILIES, prometheusDivisor, prometheusName } from './catalog';

export type MetricKind = 'counter' | 'summary' | 'gauge' | 'histogram';

export interface MetricRow {
  name: string;
  labels: Labels;
  kind: MetricKind;
  /** Counter total, gauge value, or summary sum. */
  value: number;
  /** Summary observation count. */
  count: number;
  /** Histogram: observations at or below each upper bound (not cumulative; rendering adds them up). */
  buckets?: { le: number; count: number }[];
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
const PREFIX = 'twinplane_';

const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const metricName = (name: string) => PREFIX + prometheusName(name).replace(/[^a-zA-Z0-9_:]/g, '_');
const helpText = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k.replace(/[^a-zA-Z0-9_]/g, '_')}="${escapeLabel(v)}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
}

const number = (value: number) =>
  Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';

export function renderPrometheus(rows: readonly MetricRow[]): string {
  const byName = new Map<string, MetricRow[]>();
  for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  const lines: string[] = [];
  for (const [name, group] of [...byName].sort(([a], [b]) => (metricName(a) < metricName(b) ? -1 : 1))) {
    const full = metricName(name);
    const kind = group[0]!.kind;
    const per = prometheusDivisor(name);
    const family = FAMILIES[prometheusName(name)];
    lines.push(`# HELP ${full} ${helpText(family?.help ?? `twinplane ${prometheusName(name)}`)}`);
    lines.push(`# TYPE ${full} ${kind}`);
    for (const row of group) {
      if (kind === 'histogram') {
        let cumulative = 0;
        for (const b of row.buckets ?? []) {
          cumulative += b.count;
          lines.push(`${full}_bucket${labelText({ ...row.labels, le: String(b.le / per) })} ${cumulative}`);
        }
        lines.push(`${full}_bucket${labelText({ ...row.labels, le: '+Inf' })} ${row.count}`);
        lines.push(`${full}_sum${labelText(row.labels)} ${number(row.value / per)}`);
        lines.push(`${full}_count${labelText(row.labels)} ${row.count}`);
      } else if (kind === 'summary') {
        lines.push(`${full}_sum${labelText(row.labels)} ${number(row.value / per)}`);
        lines.push(`${full}_count${labelText(row.labels)} ${row.count}`);
      } else {
        lines.push(`${full}${labelText(row.labels)} ${number(row.value / per)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
