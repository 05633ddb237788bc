/** The Lambda reads the Cloudflare plane's beacon from Workers KV: it counts as a vantage and as a heartbeat. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config/validate';
import type { Beacon } from '../../../functions/core/types';
import { exampleConfig, harness } from './harness';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const NAMESPACE = 'fedcba9876543210fedcba9876543210';

function withPeers(leader: 'aws' | 'cloudflare') {
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
});
