/** The Lambda reads the Cloudflare plane's beacon from Workers KV: it counts as a vantage and as a heartbeat. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config/validate';
import type { Beacon } from '../../../functions/core/types';
import { exampleConfig, harness, TOKEN, WORKER_URL } from './harness';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const NAMESPACE = 'fedcba9876543210fedcba9876543210';

function withPeers(leader: 'aws' | 'cloudflare', route = false) {
  const base = exampleConfig();
  return parseConfig({
    owner: base.owner,
    planes: {
      leader,
      peers: {
        cloudflare: {
          accountId: ACCOUNT,
          namespaceId: NAMESPACE,
          apiToken: { secret: 'CLOUDFLARE_API_TOKEN' },
          ...(route ? { url: `${WORKER_URL}/`, token: { secret: 'WORKER_API_TOKEN' } } : {}),
        },
      },
    },
    providers: {
      route53: { hostedZoneId: 'Z0123456789ABC' },
      cloudflare: {
        zoneId: '0123456789abcdef0123456789abcdef',
        apiToken: { secret: 'CLOUDFLARE_API_TOKEN' },
      },
    },
    checks: {
      'primary-health': { http: { url: 'https://primary.example.com/health' } },
      'secondary-health': { http: { url: 'https://secondary.example.com/health' } },
    },
    records: [
      {
        name: 'app.example.com',
        type: 'A',
        providers: ['route53', 'cloudflare'],
        pools: [
          { name: 'primary', values: ['192.0.2.44'], checks: ['primary-health'] },
          { name: 'secondary', values: ['198.51.100.7'], checks: ['secondary-health'] },
        ],
      },
    ],
  });
}

const cloudflareBeacon = (at: number, status: 'healthy' | 'unhealthy'): Beacon => ({
  plane: 'cloudflare',
  at,
  records: { 'app.example.com/A': { activePool: 'primary', epoch: 0 } },
  view: {
    vantage: 'cloudflare',
    at,
    checks: {
      'primary-health': {
        status,
        failures: status === 'healthy' ? 0 : 3,
        successes: 0,
        since: at,
        last: {
          ok: status === 'healthy',
          class: 'status',
          latencyMs: 3,
          reason: `cloudflare sees ${status}`,
          at,
        },
      },
    },
  },
});

describe('AWS plane peers', () => {
  it('counts the Cloudflare view: a lone AWS failure does not move the name until Cloudflare agrees', async () => {
    const h = harness({ config: withPeers('aws') });
    h.prober.set('primary-health', false);
    for (let i = 0; i < 4; i++) {
      h.cloudflare.kv.set(
        `${NAMESPACE}/beacon:cloudflare`,
        JSON.stringify(cloudflareBeacon(h.clock.now(), 'healthy')),
      );
      const summary = (await h.tick({ source: 'aws.events', 'detail-type': 'Scheduled Event' })) as {
        records: { activePool: string }[];
      };
      expect(summary.records[0]!.activePool).toBe('primary');
      h.clock.advance(60_000);
    }
    // Once Cloudflare agrees, the majority of two is reached and the leader fails over.
    h.cloudflare.kv.set(
      `${NAMESPACE}/beacon:cloudflare`,
      JSON.stringify(cloudflareBeacon(h.clock.now(), 'unhealthy')),
    );
    const summary = (await h.tick({ source: 'aws.events', 'detail-type': 'Scheduled Event' })) as {
      records: { activePool: string }[];
    };
    expect(summary.records[0]!.activePool).toBe('secondary');
  });

  it('as a follower, stays passive while the Cloudflare leader heartbeat is fresh', async () => {
    const h = harness({ config: withPeers('cloudflare') });
    h.cloudflare.kv.set(
      `${NAMESPACE}/beacon:cloudflare`,
      JSON.stringify(cloudflareBeacon(h.clock.now(), 'healthy')),
    );
    const summary = (await h.tick({ source: 'aws.events', 'detail-type': 'Scheduled Event' })) as {
      authority: { applies: boolean; reason: string };
    };
    expect(summary.authority).toMatchObject({
      applies: false,
      reason: expect.stringContaining('follower: leader cloudflare seen'),
    });
  });

  describe("the Worker's beacon over GET /v1/beacon", () => {
    const scheduled = { source: 'aws.events', 'detail-type': 'Scheduled Event' };
    type Summary = { records: { activePool: string }[]; warnings: string[] };

    function routed(answer: (request: Request) => Response) {
      const seen: Request[] = [];
      const h = harness({
        config: withPeers('aws', true),
        parameters: {
          '/twinplane/CLOUDFLARE_API_TOKEN': TOKEN,
          '/twinplane/WORKER_API_TOKEN': 'worker-token',
        },
        worker: (request) => {
          seen.push(request);
          return answer(request);
        },
      });
      h.prober.set('primary-health', false);
      return { h, seen };
    }

    it('reads the route first, with the bearer token, over its KV copy', async () => {
      const { h, seen } = routed(() =>
        Response.json({ ok: true, result: cloudflareBeacon(h.clock.now(), 'unhealthy') }),
      );
      let summary: Summary | undefined;
      for (let i = 0; i < 3; i++) {
        // KV holds a fresh healthy copy: only the route's unhealthy view makes the majority.
        h.cloudflare.kv.set(
          `${NAMESPACE}/beacon:cloudflare`,
          JSON.stringify(cloudflareBeacon(h.clock.now(), 'healthy')),
        );
        summary = (await h.tick(scheduled)) as Summary;
        h.clock.advance(60_000);
      }
      expect(summary!.records[0]!.activePool).toBe('secondary');
      expect(seen[0]!.url).toBe(`${WORKER_URL}/v1/beacon`);
      expect(seen[0]!.headers.get('authorization')).toBe('Bearer worker-token');
    });

    it('falls back to KV when the route fails', async () => {
      const { h, seen } = routed(() => Response.json({ error: 'down' }, { status: 503 }));
      let summary: Summary | undefined;
      for (let i = 0; i < 3; i++) {
        h.cloudflare.kv.set(
          `${NAMESPACE}/beacon:cloudflare`,
          JSON.stringify(cloudflareBeacon(h.clock.now(), 'healthy')),
        );
        summary = (await h.tick(scheduled)) as Summary;
        h.clock.advance(60_000);
      }
      expect(seen.length).toBeGreaterThan(0);
      // The KV copy says healthy: a majority of two is not reached, and nothing warns of a lost peer.
      expect(summary!.records[0]!.activePool).toBe('primary');
      expect(summary!.warnings.filter((w) => w.startsWith('peer cloudflare'))).toEqual([]);
    });

    it('refuses a url without its token, naming the field', () => {
      const raw = { planes: { peers: { cloudflare: { accountId: ACCOUNT, namespaceId: NAMESPACE } } } };
      expect(() =>
        parseConfig({
          ...raw,
          planes: {
            peers: {
              cloudflare: {
                ...raw.planes.peers.cloudflare,
                apiToken: { secret: 'T' },
                url: 'https://w.example.com',
              },
            },
          },
          providers: { route53: { hostedZoneId: 'Z0123456789ABC' } },
          checks: { c: { http: { url: 'https://o.example.com/' } } },
          records: [
            {
              name: 'a.example.com',
              type: 'A',
              providers: ['route53'],
              pools: [
                { name: 'a', values: ['192.0.2.1'], checks: ['c'] },
                { name: 'b', values: ['192.0.2.2'], checks: ['c'] },
              ],
            },
          ],
        }),
      ).toThrow(/planes\.peers\.cloudflare\.token/);
    });
  });
});
