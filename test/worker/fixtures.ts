/** What the workerd suite runs against: the zone, the tokens and the config document bundled for it. */
export const ZONE_ID = '0123456789abcdef0123456789abcdef';
export const ZONE_NAME = 'example.com';
export const API_TOKEN = 'test-api-token';
export const CLOUDFLARE_TOKEN = 'fake-cloudflare-token';
export const RECORD = 'app.example.com/A';
/** A second record in Route 53 data-plane mode: the Worker serves verdicts on it and never calls Route 53 for it. */
export const DP_RECORD = 'dp.example.com/A';
export const VERDICT_SECRET = 'worker-verdict-secret-0123456789abcdefgh';
/** The checks' interval: a scheduled tick probes a check again only once this has passed. */
export const INTERVAL_MS = 1_000;

/** Checks probe the fake's origin endpoints by host name (the Worker refuses bare IP addresses). */
export function configDocument(fakeUrl: string) {
  const origin = fakeUrl.replace('127.0.0.1', 'localhost');
  const check = (pool: string) => ({
    http: { url: `${origin}/origins/${pool}/health` },
    interval: `${INTERVAL_MS}ms`,
    timeout: `${INTERVAL_MS}ms`,
    failureThreshold: 1,
    successThreshold: 1,
  });
  return {
    owner: 'test',
    planes: {
      leader: 'cloudflare',
      verdicts: { secret: { secret: 'TWINPLANE_VERDICT_SECRET' }, cloudflare: 'https://twinplane.example' },
    },
    providers: { cloudflare: { zoneId: ZONE_ID }, route53: { hostedZoneId: 'ZWORKERTEST' } },
    checks: { primary: check('primary'), secondary: check('secondary') },
    records: [
      {
        name: 'app.example.com',
        type: 'A',
        providers: ['cloudflare'],
        ttl: { normal: 300, outage: 60 },
        pools: [
          { name: 'primary', values: ['192.0.2.10'], checks: ['primary'] },
          {
            name: 'secondary',
            values: ['198.51.100.7'],
            checks: ['secondary'],
            cloudflare: { proxied: true },
          },
        ],
        failback: { mode: 'manual' },
      },
      {
        name: 'dp.example.com',
        type: 'A',
        providers: ['route53'],
        route53: { mode: 'dataplane' },
        pools: [
          { name: 'primary', values: ['192.0.2.10'], checks: ['primary'] },
          { name: 'secondary', values: ['198.51.100.7'], checks: ['secondary'] },
        ],
        failback: { mode: 'manual' },
      },
    ],
  };
}
