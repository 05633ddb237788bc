/** A config with one record in Route 53 data-plane mode (three pools) and one in swap mode. */
import { parseConfig } from '../../functions/core/config/validate';
import type { RecordState } from '../../functions/core/types';

export const VERDICT_SECRET = 'verdict-secret-0123456789abcdefghijklmnop';
export const DP_KEY = 'app.example.com/A';

export function dataPlaneDoc(overrides: { route53?: Record<string, unknown>; verdicts?: unknown } = {}) {
  return {
    owner: 'acme',
    planes: {
      verdicts: overrides.verdicts ?? {
        secret: { secret: 'TWINPLANE_VERDICT_SECRET' },
        aws: 'https://abc123.lambda-url.us-east-1.on.aws/',
        cloudflare: 'https://twinplane.acme.workers.dev',
      },
    },
    providers: {
      route53: { hostedZoneId: 'Z0123456789ABC' },
      cloudflare: { zoneId: '0123456789abcdef0123456789abcdef' },
    },
    checks: {
      a: { http: { url: 'https://a.example.com/health' } },
      b: { http: { url: 'https://b.example.com/health' } },
      c: { http: { url: 'https://c.example.com/health' } },
    },
    records: [
      {
        name: 'app.example.com',
        type: 'A',
        providers: ['route53', 'cloudflare'],
        route53: { mode: 'dataplane', ...overrides.route53 },
        pools: [
          { name: 'primary', values: ['192.0.2.10'], checks: ['a'] },
          { name: 'secondary', values: ['198.51.100.20'], checks: ['b'] },
          { name: 'tertiary', values: ['203.0.113.30'], checks: ['c'] },
        ],
      },
      {
        name: 'www.example.com',
        type: 'A',
        providers: ['route53', 'cloudflare'],
        pools: [
          { name: 'primary', values: ['192.0.2.10'], checks: ['a'] },
          { name: 'secondary', values: ['198.51.100.20'], checks: ['b'] },
        ],
      },
    ],
  };
}

export const dataPlaneConfig = (overrides?: Parameters<typeof dataPlaneDoc>[0]) =>
  parseConfig(dataPlaneDoc(overrides));

export function stateOn(pool: string, epoch = 1): RecordState {
  return { record: DP_KEY, activePool: pool, epoch, since: 0, reason: 'test', plane: 'aws' };
}
