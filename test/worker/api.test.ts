import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { FAMILIES } from '../../functions/adapters/metrics/catalog';
import { dashboardFamilies, families } from '../helpers/prometheus';
import { DP_RECORD, RECORD } from './fixtures';
import { api, apiWrites, cron, freshStart, post, setOrigin, zoneLines } from './helpers';

beforeEach(async () => {
  await freshStart();
  await cron();
});

describe('the API', () => {
  it.each([
    ['no token', null],
    ['a wrong token', 'not-the-token'],
  ])('rejects %s with 401 and changes nothing', async (_name, token) => {
    const writes = (await apiWrites()).length;
    const response = await post('/v1/records/app.example.com/failover', undefined, token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toMatchObject({
      ok: false,
      error: { type: 'AuthError', message: expect.stringContaining('bearer token'), retryable: false },
    });
    expect(await apiWrites()).toHaveLength(writes);
  });

  it.each([
    ['/v1/status', 'GET'],
    ['/v1/beacon', 'GET'],
    ['/metrics', 'GET'],
    ['/status', 'GET'],
    ['/v1/run', 'POST'],
  ])('guards %s with the token too', async (path, method) => {
    expect((await api(path, { method, token: null })).status).toBe(401);
  });

  it('serves the status page: the record, its active pool and epoch, each check per vantage, the beacon', async () => {
    const response = await api('/status');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('the cloudflare plane');
    expect(html).toContain(`<td>${RECORD}</td><td><span class="pool">primary</span></td><td>0</td>`);
    expect(html).toContain('seen from cloudflare');
    expect(html).toMatch(/<td>cloudflare<\/td><td>\d{4}-\d\d-\d\dT/);
  });

  it('answers /healthz without a token', async () => {
    const response = await api('/healthz', { token: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, plane: 'cloudflare', records: [RECORD, DP_RECORD] });
  });

  it.each([
    ['an unknown record', '/v1/records/nope.example.com/failover', {}, 'record', 'is not a managed record'],
    ['an unknown pool', '/v1/records/app.example.com/pin', { pool: 'tertiary' }, 'pool', 'is not a pool'],
    [
      'an unknown field',
      '/v1/records/app.example.com/failover',
      { pol: 'secondary' },
      'pol',
      'unknown field',
    ],
    [
      'an action in the body',
      '/v1/records/app.example.com/failover',
      { action: 'unpin' },
      'action',
      'comes from the URL',
    ],
    [
      'a pin in the past',
      '/v1/records/app.example.com/pin',
      { pool: 'secondary', until: '2001-01-01T00:00:00Z' },
      'until',
      'must be in the future',
    ],
    [
      'a body that is not JSON',
      '/v1/records/app.example.com/failover',
      '{pool:',
      'body',
      'is not valid JSON',
    ],
    ['a body that is not an object', '/v1/run', '[1]', 'body', 'must be a JSON object'],
  ])(
    'refuses %s with 400 naming the field, and writes nothing',
    async (_name, path, body, field, message) => {
      const writes = (await apiWrites()).length;
      const response = await post(path, body);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as {
        ok: boolean;
        error: { type: string; retryable: boolean; issues: { path: string; message: string }[] };
      };
      expect(answer).toMatchObject({ ok: false, error: { type: 'RequestError', retryable: false } });
      expect(answer.error.issues).toContainEqual({ path: field, message: expect.stringContaining(message) });
      expect(await apiWrites()).toHaveLength(writes);
      expect(await env.STATE.get(`state:${RECORD}`)).toBeNull();
    },
  );

  it.each([
    ['GET', '/v1/run', 405],
    ['POST', '/v1/status', 405],
    ['POST', '/v1/records/app.example.com/explode', 404],
    ['GET', '/v2/status', 404],
  ])('answers %s %s with %i', async (method, path, status) => {
    const response = await api(path, { method });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({
      ok: false,
      error: { type: expect.any(String), message: expect.any(String), retryable: false },
    });
  });

  it("serves the plane's beacon from the Durable Object for peers (GET /v1/beacon)", async () => {
    const response = await api('/v1/beacon');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { ok: boolean; result: Record<string, unknown> };
    expect(body).toMatchObject({
      ok: true,
      result: { plane: 'cloudflare', records: { [RECORD]: { activePool: 'primary', epoch: 0 } } },
    });
    expect(body.result.view).toMatchObject({ vantage: 'cloudflare' });
    expect((await api('/v1/beacon', { method: 'POST' })).status).toBe(405);
  });

  it('fails over by hand, then status and metrics show the swap', async () => {
    const response = await post('/v1/records/app.example.com/failover', { pool: 'secondary' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      record: { activePool: 'secondary', epoch: 1, committed: true },
    });
    expect(await zoneLines()).toContain('app.example.com A 1 proxied 198.51.100.7');

    const status = (await (await api('/v1/status')).json()) as { records: Record<string, unknown>[] };
    expect(status.records[0]).toMatchObject({
      record: RECORD,
      activePool: 'secondary',
      epoch: 1,
      lastTransition: { kind: 'manual-failover', to: 'secondary' },
    });

    const metrics = await api('/metrics');
    expect(metrics.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await metrics.text();
    expect(text).toContain(`twinplane_record_epoch{record="${RECORD}"} 1`);
    expect(text).toContain(`twinplane_record_active_pool{record="${RECORD}",pool="secondary"} 1`);
    expect(text).toContain(`twinplane_record_active_pool{record="${RECORD}",pool="primary"} 0`);
    expect(text).toMatch(/# TYPE twinplane_probes_total counter\ntwinplane_probes_total\{/);
    // The same families, types and units as the local plane (test/unit/adapters/metrics/parity.test.ts).
    const exported = families(text);
    for (const [family, type] of exported)
      expect(type, family).toBe(FAMILIES[family.replace(/^twinplane_/, '')]?.type);
    // beacon_age_seconds appears once a peer is read; this Worker has no peer configured.
    const missing = [...dashboardFamilies()].filter(
      (f) => !exported.has(f) && f !== 'twinplane_beacon_age_seconds',
    );
    expect(missing).toEqual([]);
    expect(text).toMatch(/twinplane_probe_latency_seconds_bucket\{check="primary",le="0\.005"\} \d/);
    expect(text).toMatch(/twinplane_last_tick_timestamp_seconds\{plane="cloudflare"\} \d{10}/);
  });

  it('pins and unpins, recording both in the history', async () => {
    expect((await post('/v1/records/app.example.com/pin', { pool: 'secondary', until: '30m' })).status).toBe(
      200,
    );
    await setOrigin('secondary', 503);
    await cron();
    expect(await zoneLines()).toContain('app.example.com A 1 proxied 198.51.100.7');
    expect((await post('/v1/records/app.example.com/unpin')).status).toBe(200);
    const history = (await (await api(`/v1/history?record=${encodeURIComponent(RECORD)}`)).json()) as {
      kind: string;
    }[];
    expect(history.map((t) => t.kind)).toEqual(['pin']);
  });

  it('runs a tick on POST /v1/run, probing every check', async () => {
    await setOrigin('primary', 503);
    const response = await post('/v1/run');
    expect(response.status).toBe(200);
    const report = (await response.json()) as { records: { activePool: string }[]; observations: unknown[] };
    expect(report.records[0]!.activePool).toBe('secondary');
    expect(report.observations).toHaveLength(2);
  });
});
