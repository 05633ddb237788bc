import { describe, expect, it } from 'vitest';
import { renderPrometheus } from '../../functions/adapters/metrics/prometheus';
import { authorize } from '../../functions/worker/auth';
import { type Route, route } from '../../functions/worker/routes';

describe('authorize', () => {
  it.each([
    ['the right token', 'Bearer s3cret', 's3cret', undefined],
    ['a wrong token of the same length', 'Bearer s3creT', 's3cret', 401],
    ['a token that is a prefix', 'Bearer s3cr', 's3cret', 401],
    ['another scheme', 'Basic czNjcmV0', 's3cret', 401],
    ['no header', null, 's3cret', 401],
    ['a Worker without the secret', 'Bearer s3cret', undefined, 503],
  ])('answers %s with %s', async (_name, header, expected, status) => {
    expect((await authorize(header, expected))?.status).toBe(status);
  });
});

describe('route', () => {
  const at = (method: string, path: string) => route(method, new URL(`https://w.example${path}`));
  it.each<[string, string, Route]>([
    ['GET', '/healthz', { kind: 'healthz' }],
    ['GET', '/v1/status/', { kind: 'control', input: { action: 'status' }, body: false }],
    ['POST', '/v1/run', { kind: 'control', input: { action: 'run' }, body: true }],
    [
      'POST',
      '/v1/records/app.example.com%2FA/pin',
      { kind: 'control', input: { action: 'pin', record: 'app.example.com/A' }, body: true },
    ],
    [
      'GET',
      '/v1/history?record=app.example.com&limit=5',
      { kind: 'control', input: { action: 'history', record: 'app.example.com', limit: 5 }, body: false },
    ],
    [
      'GET',
      '/v1/history?limit=many',
      { kind: 'control', input: { action: 'history', limit: 'many' }, body: false },
    ],
    ['DELETE', '/v1/run', { kind: 'method-not-allowed', allow: 'POST' }],
    ['POST', '/v1/records/app.example.com/delete', { kind: 'not-found' }],
  ])('%s %s', (method, path, expected) => {
    expect(at(method, path)).toEqual(expected);
  });
});

describe('renderPrometheus', () => {
  it('writes counters, gauges and summaries in the text format with help, escaping label values, durations in seconds', () => {
    const text = renderPrometheus([
      { name: 'probes_total', labels: { check: 'a"b', class: 'ok' }, kind: 'counter', value: 3, count: 3 },
      { name: 'tick_duration_ms', labels: { plane: 'cloudflare' }, kind: 'summary', value: 120, count: 2 },
      { name: 'record_epoch', labels: { record: 'app.example.com/A' }, kind: 'gauge', value: 1, count: 1 },
    ]);
    expect(text).toBe(
      [
        '# HELP twinplane_probes_total Probes run, by check and outcome class.',
        '# TYPE twinplane_probes_total counter',
        'twinplane_probes_total{check="a\\"b",class="ok"} 3',
        '# HELP twinplane_record_epoch Epoch of each record: its transitions so far.',
        '# TYPE twinplane_record_epoch gauge',
        'twinplane_record_epoch{record="app.example.com/A"} 1',
        '# HELP twinplane_tick_duration_seconds Wall time of one tick, by plane.',
        '# TYPE twinplane_tick_duration_seconds summary',
        'twinplane_tick_duration_seconds_sum{plane="cloudflare"} 0.12',
        'twinplane_tick_duration_seconds_count{plane="cloudflare"} 2',
        '',
      ].join('\n'),
    );
  });
});

describe('priming at isolate start', () => {
  it('ran the tick path on in-memory copies of the embedded records: created, steady, failed over', async () => {
    const { primed } = await import('../../functions/worker/coordinator');
    const { workerConfig } = await import('../../functions/worker/config');
    const { PRIME_RECORDS } = await import('../../functions/adapters/memory/prime');
    const records = workerConfig().records.slice(0, PRIME_RECORDS);
    expect(await primed).toEqual({
      ticks: 3,
      transitions: records.filter((r) => r.pools.length > 1).length,
    });
  });
});
