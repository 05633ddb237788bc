/**
 * The local plane's /metrics against the catalog and the shipped Grafana dashboard: every family the
 * dashboard queries is exported, with the catalog's type and a # HELP line, durations in seconds.
 * test/worker/api.test.ts holds the Worker's /metrics to the same.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILIES } from '../../../../functions/adapters/metrics/catalog';
import { MemoryMetrics } from '../../../../functions/adapters/metrics/memory';
import { type MetricsServer, startMetricsServer } from '../../../../functions/adapters/metrics/server';
import { stateGauges } from '../../../../functions/adapters/metrics/state-gauges';
import type { Config } from '../../../../functions/core/config/model';
import { parseConfig } from '../../../../functions/core/config/validate';
import { demoConfig } from '../../../../functions/local/demo';
import { type Origin, startOrigin } from '../../../../functions/local/origins';
import { type LocalPlane, startLocalPlane } from '../../../../functions/local/plane';
import { dashboardFamilies, families } from '../../../helpers/prometheus';

let dir: string;
let primary: Origin;
let secondary: Origin;
let plane: LocalPlane;
let server: MetricsServer;
let text: string;
beforeAll(async () => {
  primary = await startOrigin('primary');
  secondary = await startOrigin('secondary');
  await primary.down();
  dir = await mkdtemp(join(tmpdir(), 'twinplane-parity-'));
  const config: Config = parseConfig(demoConfig(primary.url, secondary.url, 1_000));
  const metrics = new MemoryMetrics();
  let at = Date.now();
  plane = await startLocalPlane({
    config,
    stateDir: dir,
    dnsPort: 0,
    metrics,
    // A peer, so beacon ages are exported too.
    peers: [
      {
        plane: 'aws',
        read: async () => ({ plane: 'aws', at, records: {}, view: { vantage: 'aws', at, checks: {} } }),
      },
    ],
  });
  for (let i = 0; i < 3; i++) {
    at = Date.now();
    await plane.tick({ probeAll: true });
  }
  server = await startMetricsServer(metrics, 0, '127.0.0.1', undefined, async () =>
    stateGauges(config, 'local', await plane.store.loadRecords()),
  );
  text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
}, 60_000);
afterAll(async () => {
  await server.close();
  await plane.close();
  await primary.close();
  await secondary.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the local plane /metrics', () => {
  it('exports every family the dashboard queries', () => {
    const exported = families(text);
    const missing = [...dashboardFamilies()].filter((f) => !exported.has(f));
    expect(missing).toEqual([]);
  });

  it('gives each family the type and help of the catalog, and nothing the catalog lacks', () => {
    for (const [family, type] of families(text)) {
      const name = family.replace(/^twinplane_/, '');
      expect(FAMILIES[name], `${family} is not in the catalog`).toBeDefined();
      expect(type, family).toBe(FAMILIES[name]!.type);
      expect(text).toContain(`# HELP ${family} ${FAMILIES[name]!.help}`);
    }
  });

  it('carries durations in seconds, as histograms, and the state of each record', () => {
    expect(text).not.toMatch(/_ms(_bucket|_sum|_count)?\{/);
    expect(text).toMatch(/twinplane_probe_latency_seconds_bucket\{check="secondary-health",le="0\.005"\} \d/);
    expect(text).toMatch(/twinplane_tick_duration_seconds_bucket\{plane="local",le="10"\} 3/);
    expect(text).toContain('twinplane_record_active_pool{record="app.example.test/A",pool="secondary"} 1');
    expect(text).toContain('twinplane_record_epoch{record="app.example.test/A"} 1');
    expect(text).toMatch(/twinplane_last_tick_timestamp_seconds\{plane="local"\} \d{10}\.\d+/);
  });
});
