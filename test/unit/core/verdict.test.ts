import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../functions/core/config/validate';
import { answerVerdict, verdict, verdictPath, verdictUrl } from '../../../functions/core/verdict';
import { DP_KEY, dataPlaneConfig, dataPlaneDoc, stateOn, VERDICT_SECRET } from '../../helpers/dataplane';

const config = dataPlaneConfig();

describe('route53 dataplane config', () => {
  it('keeps route53 out of the providers the tick rewrites and applies the documented defaults', () => {
    const [dp, swap] = config.records;
    expect(dp!.providers).toEqual(['cloudflare']);
    expect(dp!.dataplane).toEqual({ rule: 'any', failureThreshold: 3, requestIntervalS: 10 });
    expect(swap!.providers).toEqual(['route53', 'cloudflare']);
    expect(swap!.dataplane).toBeUndefined();
    expect(config.planes.verdicts).toEqual({
      secret: { secret: 'TWINPLANE_VERDICT_SECRET' },
      aws: 'https://abc123.lambda-url.us-east-1.on.aws',
      cloudflare: 'https://twinplane.acme.workers.dev',
    });
  });

  it('normalises an origin check with its protocol default port', () => {
    const c = dataPlaneConfig({ route53: { rule: 'all', originCheck: { path: '/health' } } });
    expect(c.records[0]!.dataplane).toMatchObject({
      rule: 'all',
      originCheck: { protocol: 'HTTPS', port: 443, path: '/health' },
    });
  });

  it.each([
    [
      { verdicts: undefined, drop: true },
      'planes.verdicts: records in route53 mode dataplane need verdict endpoints',
    ],
    [{ verdicts: { secret: { secret: 'S' } } }, 'planes.verdicts: give at least one of aws or cloudflare'],
    [
      { verdicts: { secret: { secret: 'S' }, aws: 'https://x.example.com/path' } },
      'planes.verdicts.aws: must be a base URL',
    ],
    [{ route53: { failureThreshold: 11 } }, 'records[0].route53.failureThreshold:'],
    [{ route53: { requestInterval: 20 } }, 'records[0].route53.requestInterval:'],
  ])('refuses %j naming the field', (override, message) => {
    const doc = dataPlaneDoc(override as never) as Record<string, unknown>;
    if ('drop' in override) delete (doc.planes as Record<string, unknown>).verdicts;
    const result = validateConfig(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => `${i.path}: ${i.message}`).join('\n')).toContain(message);
  });

  it('refuses dataplane on a record without route53, and dataplane options in swap mode', () => {
    const doc = dataPlaneDoc();
    doc.records[0]!.providers = ['cloudflare'];
    (doc.records[1] as Record<string, unknown>).route53 = { mode: 'swap', rule: 'all' };
    const result = validateConfig(doc);
    expect(result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'records[0].route53.mode: dataplane needs route53 in the record providers',
      'records[1].route53.rule: applies to mode dataplane only',
    ]);
  });
});

describe('verdict', () => {
  it.each([
    ['primary', 'primary', 'stay'],
    ['primary', 'secondary', 'stay'],
    ['primary', 'tertiary', 'stay'],
    ['secondary', 'primary', 'move-away'],
    ['secondary', 'secondary', 'stay'],
    ['secondary', 'tertiary', 'stay'],
    ['tertiary', 'primary', 'move-away'],
    ['tertiary', 'secondary', 'move-away'],
    ['tertiary', 'tertiary', 'stay'],
  ])('active %s, asked about %s: %s', (active, pool, expected) => {
    expect(verdict(config, stateOn(active), DP_KEY, pool)).toBe(expected);
  });

  it('stays without a state, for an unknown pool, and for a record in swap mode', () => {
    expect(verdict(config, undefined, DP_KEY, 'primary')).toBe('stay');
    expect(verdict(config, stateOn('tertiary'), DP_KEY, 'nope')).toBe('stay');
    expect(verdict(config, stateOn('secondary'), 'www.example.com/A', 'primary')).toBe('stay');
  });

  it('builds the URL a health checker asks, the record key encoded', () => {
    expect(verdictPath('s3cret', DP_KEY, 'primary')).toBe('/v1/verdict/s3cret/app.example.com%2FA/primary');
    expect(verdictUrl(config, 'cloudflare', 's', DP_KEY, 'secondary')).toBe(
      'https://twinplane.acme.workers.dev/v1/verdict/s/app.example.com%2FA/secondary',
    );
    expect(verdictUrl(config, 'local', 's', DP_KEY, 'secondary')).toBeUndefined();
  });
});

describe('answerVerdict', () => {
  const source = (state = stateOn('secondary'), secret: string | undefined = VERDICT_SECRET) => ({
    config,
    secret,
    loadState: async () => state,
  });
  const path = (pool: string, secret = VERDICT_SECRET, key = DP_KEY) => verdictPath(secret, key, pool);

  it('answers 200 move-away and 503 stay', async () => {
    expect(await answerVerdict(source(), path('primary'))).toEqual({ status: 200, body: 'move-away' });
    expect(await answerVerdict(source(), path('secondary'))).toEqual({ status: 503, body: 'stay' });
  });

  it.each([
    ['a wrong secret', path('primary', `${VERDICT_SECRET}x`)],
    ['an unknown record', path('primary', VERDICT_SECRET, 'other.example.com/A')],
    ['a record in swap mode', path('primary', VERDICT_SECRET, 'www.example.com/A')],
    ['an unknown pool', path('nope')],
    ['a path of another shape', `${path('primary')}/extra`],
    ['bad escapes', '/v1/verdict/%E0%A4%A/app/primary'],
  ])('answers 404 for %s, never 200', async (_what, p) => {
    expect(await answerVerdict(source(), p)).toEqual({ status: 404, body: 'not found' });
  });

  it('serves nothing without a secret or with one shorter than 32 characters', async () => {
    expect((await answerVerdict({ ...source(), secret: undefined }, path('primary'))).status).toBe(404);
    expect((await answerVerdict(source(undefined, 'short'), path('primary', 'short'))).status).toBe(404);
  });

  it('stays (503) when the state cannot be read', async () => {
    const failing = { ...source(), loadState: async () => Promise.reject(new Error('store down')) };
    expect(await answerVerdict(failing, path('primary'))).toEqual({ status: 503, body: 'stay' });
  });
});
