import { describe, expect, it } from 'vitest';
import { EmfMetrics } from '../../../../functions/adapters/cloudwatch/emf';

const at = Date.UTC(2026, 0, 1);
const capture = () => {
  const lines: string[] = [];
  const metrics = new EmfMetrics({
    dimensions: { service: 'twinplane' },
    write: (l) => lines.push(l),
    now: () => at,
  });
  return { metrics, docs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
};

describe('EmfMetrics', () => {
  it('writes one EMF document per label set, with the labels as dimensions', () => {
    const { metrics, docs } = capture();
    metrics.count('probes_total', 1, { check: 'primary', class: 'ok' });
    metrics.count('probes_total', 1, { class: 'ok', check: 'primary' });
    metrics.observe('probe_latency_ms', 12, { check: 'primary', class: 'ok' });
    metrics.observe('probe_latency_ms', 30, { check: 'primary', class: 'ok' });
    metrics.gauge('records', 3);
    metrics.flush();
    expect(docs()).toEqual([
      {
        _aws: {
          Timestamp: at,
          CloudWatchMetrics: [
            {
              Namespace: 'twinplane',
              Dimensions: [['service', 'check', 'class']],
              Metrics: [
                { Name: 'probes_total', Unit: 'Count' },
                { Name: 'probe_latency_ms', Unit: 'Milliseconds' },
              ],
            },
          ],
        },
        service: 'twinplane',
        check: 'primary',
        class: 'ok',
        probes_total: 2,
        probe_latency_ms: [12, 30],
      },
      {
        _aws: {
          Timestamp: at,
          CloudWatchMetrics: [
            {
              Namespace: 'twinplane',
              Dimensions: [['service']],
              Metrics: [{ Name: 'records', Unit: 'None' }],
            },
          ],
        },
        service: 'twinplane',
        records: 3,
      },
    ]);
  });

  it('empties the buffer on flush', () => {
    const { metrics, docs } = capture();
    metrics.count('ticks_total');
    metrics.flush();
    metrics.flush();
    expect(docs()).toHaveLength(1);
  });

  it('keeps every document within 100 values per metric', () => {
    const { metrics, docs } = capture();
    for (let i = 0; i < 250; i++) metrics.observe('tick_duration_ms', i);
    metrics.flush();
    expect(docs().map((d) => (d.tick_duration_ms as number[]).length)).toEqual([100, 100, 50]);
  });
});
