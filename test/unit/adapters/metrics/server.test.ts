/** The local plane's /metrics: what a tick counts, rendered as Prometheus text on 127.0.0.1. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryMetrics } from '../../../../functions/adapters/metrics/memory';
import { type MetricsServer, startMetricsServer } from '../../../../functions/adapters/metrics/server';
import { parseConfig } from '../../../../functions/core/config/validate';
import { demoConfig } from '../../../../functions/local/demo';
import { type Origin, startOrigin } from '../../../../functions/local/origins';
import { startLocalPlane } from '../../../../functions/local/plane';

let primary: Origin;
let secondary: Origin;
let server: MetricsServer;
let dir: string;
const metrics = new MemoryMetrics();

beforeAll(async () => {
  primary = await startOrigin('primary');
  secondary = await startOrigin('secondary');
  await primary.down();
  dir = await mkdtemp(join(tmpdir(), 'twinplane-metrics-'));
  const plane = await startLocalPlane({
    config: parseConfig(demoConfig(primary.url, secondary.url, 200)),
    stateDir: dir,
    dnsPort: 0,
    metrics,
  });
  for (let i = 0; i < 3; i++) await plane.tick({ probeAll: true });
  await plane.close();
  server = await startMetricsServer(metrics, 0);
});
afterAll(async () => {
  await server.close();
  await primary.close();
  await secondary.close();
  await rm(dir, { recursive: true, force: true });
});

describe('/metrics', () => {
  it('exposes probe outcomes by class, latency summaries, transitions, provider calls and tick duration', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    expect(text).toContain('# TYPE twinplane_probes_total counter');
    expect(text).toContain('twinplane_probes_total{check="primary-health",class="connect"} 3');
    expect(text).toContain('twinplane_probes_total{check="secondary-health",class="ok"} 3');
    expect(text).toContain('# TYPE twinplane_probe_latency_seconds histogram');
    expect(text).toMatch(/twinplane_probe_latency_seconds_count\{check="secondary-health"\} 3/);
    expect(text).toContain('twinplane_probe_latency_seconds_bucket{check="secondary-health",le="+Inf"} 3');
    expect(text).toContain('twinplane_probe_latency_seconds_bucket{check="secondary-health",le="10"} 3');
    expect(text).toContain('twinplane_transitions_total{kind="failover",record="app.example.test/A"} 1');
    expect(text).toMatch(/twinplane_provider_reads_total\{outcome="ok",zone="local:example.test"\} 3/);
    expect(text).toMatch(/twinplane_tick_duration_seconds_count\{plane="local"\} 3/);
    expect(text).toContain('twinplane_provider_writes_total{outcome="ok",provider="local"} 2');
  });

  it.each([
    ['/healthz', 'GET', 200],
    ['/nope', 'GET', 404],
    ['/metrics', 'POST', 405],
  ])('%s %s answers %i', async (path, method, status) => {
    expect((await fetch(`http://127.0.0.1:${server.port}${path}`, { method })).status).toBe(status);
  });
});

describe('histograms', () => {
  it('count each observation in the first bucket that holds it and render cumulative buckets', async () => {
    const { renderPrometheus } = await import('../../../../functions/adapters/metrics/prometheus');
    const m = new MemoryMetrics();
    for (const v of [3, 7, 7, 400, 20_000]) m.observe('probe_latency_ms', v, { check: 'c' });
    const text = renderPrometheus(m.rows());
    expect(text).toContain('twinplane_probe_latency_seconds_bucket{check="c",le="0.005"} 1');
    expect(text).toContain('twinplane_probe_latency_seconds_bucket{check="c",le="0.01"} 3');
    expect(text).toContain('twinplane_probe_latency_seconds_bucket{check="c",le="0.5"} 4');
    expect(text).toContain('twinplane_probe_latency_seconds_bucket{check="c",le="10"} 4');
    expect(text).toContain('twinplane_probe_latency_seconds_bucket{check="c",le="+Inf"} 5');
    expect(text).toContain('twinplane_probe_latency_seconds_sum{check="c"} 20.417');
  });
});
