import { Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { route53SetupApi } from '../../../../functions/adapters/route53/dataplane-api';
import { DataPlaneSetup } from '../../../../functions/adapters/route53/dataplane-setup';
import type { Config } from '../../../../functions/core/config/model';
import { parseConfig } from '../../../../functions/core/config/validate';
import { KEY_TAG, OWNER_TAG } from '../../../../functions/core/dataplane-checks';
import { diffSize } from '../../../../functions/core/dataplane-diff';
import { markerValue } from '../../../../functions/core/ownership';
import { InstantClock } from '../../../helpers/aws';
import { dataPlaneDoc, VERDICT_SECRET } from '../../../helpers/dataplane';
import { FakeRoute53 } from './dataplane-fake';

const r53 = mockClient(Route53Client);
let fake: FakeRoute53;
const setup = () =>
  new DataPlaneSetup({
    api: route53SetupApi(new Route53Client({ region: 'us-east-1' })),
    plane: 'local',
    clock: new InstantClock(),
    random: () => 0.5,
  });
const run = async (config: Config) => {
  const s = setup();
  const diff = await s.plan(config, VERDICT_SECRET);
  return { diff, result: await s.apply(diff, config.owner) };
};
const config = (overrides?: Parameters<typeof dataPlaneDoc>[0]) => parseConfig(dataPlaneDoc(overrides));
const checks = () => [...fake.checks.values()];
const sets = () => [...fake.sets.values()];

beforeEach(() => {
  r53.reset();
  fake = new FakeRoute53(r53);
});

describe('DataPlaneSetup', () => {
  it('creates from nothing: inverted verdict checks, a CALCULATED check per pool, a failover chain and the marker', async () => {
    const { result } = await run(config());
    // Three pools: two levels, each with two verdict checks (aws, cloudflare) and one CALCULATED check.
    expect(result.created).toHaveLength(6);
    const verdicts = checks().filter((c) => c.HealthCheckConfig?.Type === 'HTTPS');
    expect(verdicts).toHaveLength(4);
    for (const v of verdicts) {
      expect(v.HealthCheckConfig).toMatchObject({ Inverted: true, RequestInterval: 10, FailureThreshold: 3 });
      expect(v.HealthCheckConfig?.ResourcePath).toContain(encodeURIComponent(VERDICT_SECRET));
    }
    const calculated = checks().filter((c) => c.HealthCheckConfig?.Type === 'CALCULATED');
    expect(calculated).toHaveLength(2);
    for (const c of calculated) {
      // rule any: both children must be healthy, so one plane's move-away makes the pool unhealthy.
      expect(c.HealthCheckConfig?.HealthThreshold).toBe(2);
      expect(c.HealthCheckConfig?.ChildHealthChecks).toHaveLength(2);
      for (const child of c.HealthCheckConfig!.ChildHealthChecks!) expect(fake.checks.has(child)).toBe(true);
    }
    for (const [id, tags] of fake.tags) {
      expect(tags[OWNER_TAG]).toBe('acme');
      expect(tags[KEY_TAG]).toMatch(/^app\.example\.com\/A#/);
      expect(fake.checks.has(id)).toBe(true);
    }
    const failover = sets().filter((s) => s.Failover);
    expect(failover.map((s) => [s.Name, s.SetIdentifier, s.Failover]).sort()).toEqual([
      ['_twinplane-chain1-a.app.example.com.', 'twinplane-secondary', 'PRIMARY'],
      ['_twinplane-chain1-a.app.example.com.', 'twinplane-tertiary', 'SECONDARY'],
      ['app.example.com.', 'twinplane-chain1', 'SECONDARY'],
      ['app.example.com.', 'twinplane-primary', 'PRIMARY'],
    ]);
    const primary = failover.find((s) => s.SetIdentifier === 'twinplane-primary')!;
    expect(calculated.map((c) => c.Id)).toContain(primary.HealthCheckId);
    expect(failover.find((s) => s.SetIdentifier === 'twinplane-chain1')?.AliasTarget).toEqual({
      HostedZoneId: 'Z0123456789ABC',
      DNSName: '_twinplane-chain1-a.app.example.com.',
      EvaluateTargetHealth: true,
    });
    expect(sets().find((s) => s.Type === 'TXT')?.Name).toBe('_twinplane-a.app.example.com.');
  });

  it('re-run is zero writes', async () => {
    await run(config());
    r53.resetHistory();
    const { diff, result } = await run(config());
    expect(diffSize(diff)).toBe(0);
    expect(result).toEqual({ created: [], updated: [], deleted: [], sets: {} });
    expect(fake.writes()).toBe(0);
  });

  it('a changed threshold updates the endpoint checks in place, with their HealthCheckVersion', async () => {
    await run(config());
    const ids = checks()
      .map((c) => c.Id)
      .sort();
    r53.resetHistory();
    const { result } = await run(config({ route53: { failureThreshold: 5 } }));
    expect(result.created).toEqual([]);
    expect(result.updated).toHaveLength(4);
    expect(result.sets).toEqual({});
    expect(
      checks()
        .map((c) => c.Id)
        .sort(),
    ).toEqual(ids);
    for (const c of checks().filter((x) => x.HealthCheckConfig?.Type === 'HTTPS')) {
      expect(c.HealthCheckConfig?.FailureThreshold).toBe(5);
      expect(c.HealthCheckVersion).toBe(2);
    }
  });

  it('a changed interval (not updatable) replaces the checks: new ones, sets repointed, old ones deleted', async () => {
    await run(config());
    const before = new Set(checks().map((c) => c.Id));
    const { result } = await run(config({ route53: { requestInterval: 30 } }));
    // The endpoint checks are replaced; the CALCULATED ones (no interval) keep their ids, new children.
    expect(result.created).toHaveLength(4);
    expect(result.deleted).toHaveLength(4);
    expect(result.updated).toHaveLength(2);
    expect(
      checks()
        .filter((c) => before.has(c.Id))
        .map((c) => c.HealthCheckConfig?.Type),
    ).toEqual(['CALCULATED', 'CALCULATED']);
    const primary = sets().find((s) => s.SetIdentifier === 'twinplane-primary')!;
    expect(fake.checks.has(primary.HealthCheckId!)).toBe(true);
  });

  it('removing the mode deletes our checks and failover sets, answers a plain set, and never a foreign check', async () => {
    fake.checks.set('foreign-1', {
      Id: 'foreign-1',
      CallerReference: 'someone-else',
      HealthCheckVersion: 1,
      HealthCheckConfig: { Type: 'HTTPS', FullyQualifiedDomainName: 'x.example.org', Port: 443 },
    });
    fake.tags.set('foreign-1', { [OWNER_TAG]: 'other', [KEY_TAG]: 'app.example.com/A#primary#combined' });
    fake.checks.set('foreign-2', {
      Id: 'foreign-2',
      CallerReference: 'untagged',
      HealthCheckVersion: 1,
      HealthCheckConfig: { Type: 'CALCULATED', ChildHealthChecks: [], HealthThreshold: 0 },
    });
    await run(config());
    const doc = dataPlaneDoc();
    delete (doc.records[0] as { route53?: unknown }).route53;
    delete (doc.planes as { verdicts?: unknown }).verdicts;
    const { result } = await run(parseConfig(doc));
    expect(result.deleted).toHaveLength(6);
    expect([...fake.checks.keys()].sort()).toEqual(['foreign-1', 'foreign-2']);
    expect(sets().filter((s) => s.Failover)).toEqual([]);
    expect(sets().find((s) => s.Name === 'app.example.com.' && s.Type === 'A')).toMatchObject({
      TTL: 300,
      ResourceRecords: [{ Value: '192.0.2.10' }],
    });
    // The marker stays: the tick takes the record over from here.
    expect(sets().some((s) => s.Type === 'TXT')).toBe(true);
  });

  it('a record gone from the config keeps its failover sets and checks, and says so', async () => {
    await run(config());
    const doc = dataPlaneDoc();
    doc.records = doc.records.slice(1);
    delete (doc.planes as { verdicts?: unknown }).verdicts;
    r53.resetHistory();
    const { diff } = await run(parseConfig(doc));
    expect(diff.foreign).toEqual([
      'app.example.com/A: not in the config; its failover sets and health checks are left in place',
    ]);
    expect(fake.writes()).toBe(0);
    expect(fake.checks.size).toBe(6);
  });

  it('creates a check again after a delete with the next CallerReference (Route 53 keeps refusing the old one)', async () => {
    await run(config());
    const first = checks().map((c) => c.CallerReference!);
    fake.checks.clear();
    fake.tags.clear();
    const { result } = await run(config());
    expect(result.created).toHaveLength(6);
    expect(
      checks()
        .map((c) => c.CallerReference)
        .sort(),
    ).toEqual(first.map((r) => `${r}-2`).sort());
    const primary = sets().find((s) => s.SetIdentifier === 'twinplane-primary')!;
    expect(fake.checks.has(primary.HealthCheckId!)).toBe(true);
  });

  it('from swap mode: our plain set gives way to the failover sets in the same ChangeBatch', async () => {
    fake.addSet({
      Name: 'app.example.com.',
      Type: 'A',
      TTL: 300,
      ResourceRecords: [{ Value: '192.0.2.10' }],
    });
    const marker = markerValue('acme', 'app.example.com/A', {
      activePool: 'primary',
      epoch: 4,
      plane: 'aws',
    });
    fake.addSet({
      Name: '_twinplane-a.app.example.com.',
      Type: 'TXT',
      TTL: 300,
      ResourceRecords: [{ Value: `"${marker}"` }],
    });
    const { result } = await run(config());
    expect(result.sets).toEqual({ Z0123456789ABC: 5 });
    expect(sets().filter((s) => s.Name === 'app.example.com.' && !s.SetIdentifier)).toEqual([]);
  });

  it('leaves a record whose marker names another owner alone, and makes no checks for it', async () => {
    const marker = markerValue('someone', 'app.example.com/A', {
      activePool: 'primary',
      epoch: 1,
      plane: 'aws',
    });
    fake.addSet({
      Name: '_twinplane-a.app.example.com.',
      Type: 'TXT',
      TTL: 300,
      ResourceRecords: [{ Value: `"${marker}"` }],
    });
    const { diff, result } = await run(config());
    expect(diff.foreign.join()).toContain('owned by "someone"');
    expect(result.created).toEqual([]);
    expect(fake.writes()).toBe(0);
  });

  it('leaves a set without a marker alone, and makes no checks for it', async () => {
    fake.addSet({
      Name: 'app.example.com.',
      Type: 'A',
      TTL: 300,
      ResourceRecords: [{ Value: '192.0.2.99' }],
    });
    const { diff } = await run(config());
    expect(diff.foreign).toEqual([
      'app.example.com/A exists without a twinplane ownership marker, left alone',
    ]);
    expect(fake.writes()).toBe(0);
  });

  it('adopts a check it created whose tagging failed (found by its CallerReference), and tags it', async () => {
    await run(config());
    const [id] = [...fake.tags.keys()];
    fake.tags.delete(id!);
    r53.resetHistory();
    const { result } = await run(config());
    expect(result.created).toEqual([]);
    expect(result.deleted).toEqual([]);
    expect(fake.tags.get(id!)?.[OWNER_TAG]).toBe('acme');
  });
});
