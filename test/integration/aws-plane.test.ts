/**
 * The AWS plane end to end on real AWS APIs: the real tick and control handlers in-process, Route 53
 * on LocalStack, the state table on DynamoDB (moto's server when LocalStack runs on the host), real HTTP
 * origins on loopback. Each scenario manages its own record in the shared hosted zone and its own table.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/validate';
import { beaconCopies, localPeers } from '../../functions/local/peers';
import { startLocalPlane } from '../../functions/local/plane';
import { awsPlane, origin } from './harness';

let primary: Awaited<ReturnType<typeof origin>>;
let secondary: Awaited<ReturnType<typeof origin>>;
beforeAll(async () => {
  primary = await origin();
  secondary = await origin();
});
afterAll(async () => {
  await primary.close();
  await secondary.close();
});

const PRIMARY = ['192.0.2.44'];
const SECONDARY = ['198.51.100.7'];
const plane = (record: string, extra: Partial<Parameters<typeof awsPlane>[0]> = {}) => {
  primary.set(true);
  secondary.set(true);
  return awsPlane({ record, primaryUrl: primary.url, secondaryUrl: secondary.url, ...extra });
};

describe('AWS plane on LocalStack', () => {
  it('deployed the schedule through CloudFormation: rate(1 minute) on the tick function', async () => {
    const { stack, stage } = inject('integration');
    const events = new EventBridgeClient({ region: 'us-east-1' });
    const rule = await events.send(new DescribeRuleCommand({ Name: stack.TickEventsRuleSchedule1 }));
    expect(rule.ScheduleExpression).toBe('rate(1 minute)');
    expect(rule.State).toBe('ENABLED');
    const targets = await events.send(new ListTargetsByRuleCommand({ Rule: stack.TickEventsRuleSchedule1 }));
    expect(targets.Targets?.[0]?.Arn).toMatch(new RegExp(`:function:twinplane-${stage}-tick$`));
  });

  it('1. fails over after failureThreshold ticks: secondary values, outage TTL, marker moved, one transition', async () => {
    const p = await plane('s1.example.com');
    await p.ticks(1);
    expect(await p.recordSet('s1.example.com')).toEqual({ ttl: 300, values: PRIMARY });
    primary.set(false);
    const reports = await p.ticks(3);
    expect(reports.map((r) => r.records[0]!.activePool)).toEqual(['primary', 'primary', 'secondary']);
    expect(await p.recordSet('s1.example.com')).toEqual({ ttl: 60, values: SECONDARY });
    const marker = await p.recordSet('_twinplane-a.s1.example.com', 'TXT');
    expect(marker?.values[0]).toContain('pool=secondary,epoch=1');
    const history = await p.store.history();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'failover', from: 'primary', to: 'secondary', epoch: 1 });
    expect(history[0]!.reason).toContain('status 503');
    // Record and marker moved in one batch: one ChangeResourceRecordSets for the creation, one for the swap.
    expect(p.changes.ok).toBe(2);
  });

  it('2. ticks with no health change make zero ChangeResourceRecordSets calls', async () => {
    const p = await plane('s2.example.com');
    await p.ticks(1);
    const after = { ...p.changes };
    await p.ticks(4);
    expect(p.changes).toEqual(after);
    expect(await p.store.history()).toEqual([]);
  });

  it('3. eight concurrent ticks racing one failover give one transition and one applied change batch', async () => {
    const p = await plane('s3.example.com');
    await p.ticks(1);
    primary.set(false);
    await p.ticks(2);
    const before = p.changes.ok;
    const results = await Promise.all(Array.from({ length: 8 }, () => p.tick()));
    expect(await p.store.history()).toHaveLength(1);
    expect(p.changes.ok - before).toBe(1);
    expect(results.filter((r) => r.records[0]!.committed)).toHaveLength(1);
    for (const r of results.filter((x) => !x.records[0]!.committed)) {
      expect(r.records[0]!.reason).toContain('lost a race, nothing changed');
    }
    expect(await p.recordSet('s3.example.com')).toEqual({ ttl: 60, values: SECONDARY });
  });

  it('4a. fails back only after successThreshold healthy rounds and the dwell', async () => {
    const p = await plane('s4.example.com', { failback: { mode: 'auto', after: '3m' } });
    await p.ticks(1);
    primary.set(false);
    await p.ticks(3);
    primary.set(true);
    const reports = await p.ticks(6);
    // Healthy after 2 rounds; the 3 minute dwell then ends on the 5th recovering tick.
    expect(reports.map((r) => r.records[0]!.activePool)).toEqual([
      'secondary',
      'secondary',
      'secondary',
      'secondary',
      'primary',
      'primary',
    ]);
    expect(await p.recordSet('s4.example.com')).toEqual({ ttl: 300, values: PRIMARY });
    expect((await p.store.history()).map((t) => t.kind)).toEqual(['failback', 'failover']);
  });

  it('4b. with failback manual it waits for the control action', async () => {
    const p = await plane('s5.example.com', { failback: { mode: 'manual' } });
    await p.ticks(1);
    primary.set(false);
    await p.ticks(3);
    primary.set(true);
    await p.ticks(8);
    expect(await p.recordSet('s5.example.com')).toEqual({ ttl: 60, values: SECONDARY });
    const response = await p.control({ action: 'failback', record: 's5.example.com' });
    expect(response).toMatchObject({ ok: true, action: 'failback' });
    expect(await p.recordSet('s5.example.com')).toEqual({ ttl: 300, values: PRIMARY });
    expect((await p.store.history()).map((t) => t.kind)).toEqual(['manual-failback', 'failover']);
  });

  it('5. every events/*.json runs through the control handler; a malformed event changes nothing', async () => {
    const p = await plane('app.example.com');
    await p.ticks(2);
    for (const file of readdirSync('events').filter((f) => f.endsWith('.json') && f !== 'tick.json')) {
      const event = JSON.parse(readFileSync(`events/${file}`, 'utf8'));
      const response = (await p.control(event)) as { ok: boolean; error?: unknown };
      expect({ file, ok: response.ok, error: response.error }).toEqual({ file, ok: true, error: undefined });
    }
    const before = {
      record: await p.recordSet('app.example.com'),
      history: await p.store.history(),
      changes: { ...p.changes },
    };
    const bad = (await p.control({ action: 'pin', record: 'app.example.com', pool: 'tertiary' })) as {
      ok: boolean;
      error: { message: string };
    };
    expect(bad.ok).toBe(false);
    expect(bad.error.message).toContain('pool: "tertiary" is not a pool of app.example.com/A');
    const garbage = (await p.control({ action: 'failover', record: 'app.example.com', force: 'yes' })) as {
      ok: boolean;
    };
    expect(garbage.ok).toBe(false);
    expect({
      record: await p.recordSet('app.example.com'),
      history: await p.store.history(),
      changes: p.changes,
    }).toEqual(before);
  });

  it('6. never modifies a record set without our ownership marker, and the tick says why', async () => {
    const r53 = new Route53Client({ region: 'us-east-1' });
    await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: inject('integration').zoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: 's6.example.com.',
                Type: 'A',
                TTL: 600,
                ResourceRecords: [{ Value: '203.0.113.9' }],
              },
            },
          ],
        },
      }),
    );
    const p = await plane('s6.example.com');
    primary.set(false);
    const reports = await p.ticks(4);
    expect(await p.recordSet('s6.example.com')).toEqual({ ttl: 600, values: ['203.0.113.9'] });
    expect(p.changes.attempts).toBe(0);
    expect(reports.at(-1)!.records[0]!.providers[0]!.foreign).toContain(
      'without a twinplane ownership marker',
    );
  });

  it('8. a local plane reads the AWS plane beacon from DynamoDB: it follows the fresh leader and counts its view', async () => {
    const p = await plane('s8.example.com');
    primary.set(false);
    await p.ticks(3);
    const dir = mkdtempSync(join(tmpdir(), 'twinplane-it-local-'));
    const config = parseConfig({
      owner: 'twinplane-it',
      planes: { leader: 'aws', peers: { aws: { table: p.table }, local: { via: 'aws' } } },
      providers: { local: { zone: 'example.com' } },
      checks: {
        'primary-health': { http: { url: primary.url }, interval: '60s', timeout: '2s' },
        'secondary-health': { http: { url: secondary.url }, interval: '60s', timeout: '2s' },
      },
      records: [
        {
          name: 's8.example.com',
          type: 'A',
          providers: ['local'],
          pools: [
            { name: 'primary', values: ['192.0.2.44'], checks: ['primary-health'] },
            { name: 'secondary', values: ['198.51.100.7'], checks: ['secondary-health'] },
          ],
        },
      ],
    });
    const local = await startLocalPlane({
      config,
      stateDir: dir,
      dnsPort: 0,
      peers: await localPeers(config, async () => ''),
      beaconCopies: beaconCopies(config),
    });
    try {
      const report = await local.tick({ probeAll: true });
      expect(report.warnings).toEqual([]);
      expect(report.authority).toMatchObject({
        applies: false,
        reason: expect.stringContaining('follower: leader aws seen'),
      });
      expect(report.health['primary-health']!.failing.map((f) => f.vantage)).toContain('aws');
      // A third voter: the local plane's beacon lands in the AWS table, and the AWS plane counts its view.
      expect((await p.store.loadBeacon('local'))?.view.vantage).toBe('local');
      const voter = await awsPlane({
        record: 's8.example.com',
        primaryUrl: primary.url,
        secondaryUrl: secondary.url,
        table: p.table,
        peers: { local: { via: 'aws' } },
      });
      const status = (await voter.control({ action: 'status' })) as {
        result: { vantages: { plane: string }[] };
      };
      expect(status.result.vantages.map((v) => v.plane)).toEqual(['aws', 'local']);
    } finally {
      await local.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('7. a batch Route 53 rejects does not advance state, is surfaced, and is retried next tick', async () => {
    // A zone that cannot hold the name: Route 53 answers InvalidChangeBatch for the whole batch.
    const other = await new Route53Client({ region: 'us-east-1' }).send(
      new CreateHostedZoneCommand({
        Name: 'example.org',
        CallerReference: `twinplane-it-other-${Date.now()}`,
      }),
    );
    const p = await plane('s7.example.com', { zoneId: other.HostedZone!.Id! });
    const first = await p.ticks(1);
    expect(first[0]!.records[0]!.providers[0]!.error).toContain('InvalidChangeBatch');
    expect(first[0]!.records[0]!.committed).toBe(false);
    primary.set(false);
    const reports = await p.ticks(3);
    expect(reports.at(-1)!.records[0]!).toMatchObject({
      committed: false,
      reason: expect.stringContaining('no provider took the change'),
    });
    expect(reports.at(-1)!.records[0]!.providers[0]!.error).toContain('is not permitted in zone example.org');
    expect(await p.store.history()).toEqual([]);
    const attempts = p.changes.attempts;
    await p.ticks(1);
    expect(p.changes.attempts).toBe(attempts + 1);
  });
});
