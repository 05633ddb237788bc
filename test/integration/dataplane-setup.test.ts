/**
 * Route 53 data-plane setup against LocalStack's Route 53 (moto underneath): the health checks and
 * failover sets created, a re-run writing nothing, an update in place, and the mode removed. Its own
 * hosted zone, so it needs nothing from the suite's global setup.
 *
 * LocalStack 4.14 accepts and returns Inverted, CALCULATED checks (ChildHealthChecks, HealthThreshold),
 * EnableSNI, health-check tags, and failover sets with SetIdentifier, Failover, HealthCheckId and
 * same-zone aliases. What it does not do, so nothing here asserts it (the unit fake in
 * test/unit/adapters/route53/dataplane-fake.ts holds the AWS behaviour instead):
 * - CallerReference idempotency: the same reference creates another check, with the same or other
 *   settings, and a deleted check's reference is accepted again;
 * - HealthCheckVersion: not incremented by UpdateHealthCheck, a stale version is not refused;
 * - HealthCheckInUse: a check referenced by a record set or a CALCULATED check can be deleted;
 * - ListHealthChecks pagination: MaxItems is ignored, everything comes in one page;
 * - a check named by host name comes back with IPAddress "None" (the adapter ignores non-addresses);
 * - record-set rules: a failover set beside a plain set of the same name and type, two PRIMARY sets,
 *   an alias to a missing name and an unknown HealthCheckId are all accepted;
 * - the data plane itself: no checkers run, GetHealthCheckStatus answers NoSuchHealthCheck.
 */
import {
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
  DeleteHealthCheckCommand,
  GetHealthCheckCommand,
  ListHealthChecksCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourceCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoute53Client } from '../../functions/adapters/route53/api';
import { route53SetupApi } from '../../functions/adapters/route53/dataplane-api';
import { DataPlaneSetup } from '../../functions/adapters/route53/dataplane-setup';
import type { Config } from '../../functions/core/config/model';
import { parseConfig } from '../../functions/core/config/validate';
import { KEY_TAG, OWNER_TAG } from '../../functions/core/dataplane-checks';
import { diffSize } from '../../functions/core/dataplane-diff';
import { dataPlaneDoc, VERDICT_SECRET } from '../helpers/dataplane';

const ZONE = 'dataplane-it.example.com';
const NAME = `app.${ZONE}`;
const client = new Route53Client({ region: 'us-east-1' });
let zoneId: string;
let foreignId: string;

function doc(route53?: Record<string, unknown>) {
  const d = dataPlaneDoc(route53 ? { route53 } : {});
  d.owner = `dp-it-${process.pid}`;
  d.providers = { route53: { hostedZoneId: zoneId } } as typeof d.providers;
  d.records = d.records.slice(0, 1).map((r) => ({ ...r, name: NAME, providers: ['route53'] }));
  return d;
}
const setup = () => new DataPlaneSetup({ api: route53SetupApi(createRoute53Client()), plane: 'local' });
async function run(config: Config) {
  const s = setup();
  const diff = await s.plan(config, VERDICT_SECRET);
  return { diff, result: await s.apply(diff, config.owner) };
}
async function ours(owner: string) {
  const all = (await client.send(new ListHealthChecksCommand({}))).HealthChecks ?? [];
  const mine = [];
  for (const hc of all) {
    const tags = await client.send(
      new ListTagsForResourceCommand({ ResourceType: 'healthcheck', ResourceId: hc.Id! }),
    );
    if (tags.ResourceTagSet?.Tags?.some((t) => t.Key === OWNER_TAG && t.Value === owner)) mine.push(hc);
  }
  return mine;
}
const zoneSets = async () =>
  (await client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ?? [];

beforeAll(async () => {
  const zone = await client.send(
    new CreateHostedZoneCommand({ Name: ZONE, CallerReference: `dp-it-${process.pid}-${Date.now()}` }),
  );
  zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  const foreign = await client.send(
    new CreateHealthCheckCommand({
      CallerReference: `someone-else-${Date.now()}`,
      HealthCheckConfig: {
        Type: 'HTTPS',
        FullyQualifiedDomainName: 'other.example.org',
        Port: 443,
        ResourcePath: '/',
      },
    }),
  );
  foreignId = foreign.HealthCheck!.Id!;
});
afterAll(async () => {
  await client.send(new DeleteHealthCheckCommand({ HealthCheckId: foreignId })).catch(() => undefined);
});

describe('data-plane setup on LocalStack Route 53', () => {
  it('creates the inverted verdict checks, the CALCULATED checks and the failover chain', async () => {
    const config = parseConfig(doc());
    const { result } = await run(config);
    expect(result.created).toHaveLength(6);
    const checks = await ours(config.owner);
    expect(checks).toHaveLength(6);
    const verdicts = checks.filter((c) => c.HealthCheckConfig?.Type === 'HTTPS');
    expect(verdicts).toHaveLength(4);
    for (const v of verdicts)
      expect(v.HealthCheckConfig).toMatchObject({
        Inverted: true,
        RequestInterval: 10,
        FailureThreshold: 3,
        Port: 443,
      });
    const calculated = checks.filter((c) => c.HealthCheckConfig?.Type === 'CALCULATED');
    expect(calculated).toHaveLength(2);
    for (const c of calculated) {
      expect(c.HealthCheckConfig?.HealthThreshold).toBe(2);
      expect(c.HealthCheckConfig?.ChildHealthChecks).toHaveLength(2);
    }
    const tags = await client.send(
      new ListTagsForResourceCommand({ ResourceType: 'healthcheck', ResourceId: checks[0]!.Id! }),
    );
    expect(tags.ResourceTagSet?.Tags?.find((t) => t.Key === KEY_TAG)?.Value).toMatch(
      new RegExp(`^${NAME}/A#`),
    );
    const failover = (await zoneSets()).filter((s) => s.Failover);
    expect(failover.map((s) => `${s.Name} ${s.SetIdentifier} ${s.Failover}`).sort()).toEqual([
      `_twinplane-chain1-a.${NAME}. twinplane-secondary PRIMARY`,
      `_twinplane-chain1-a.${NAME}. twinplane-tertiary SECONDARY`,
      `${NAME}. twinplane-chain1 SECONDARY`,
      `${NAME}. twinplane-primary PRIMARY`,
    ]);
    const primary = failover.find((s) => s.SetIdentifier === 'twinplane-primary')!;
    expect(calculated.map((c) => c.Id)).toContain(primary.HealthCheckId);
    expect(failover.find((s) => s.SetIdentifier === 'twinplane-chain1')?.AliasTarget?.DNSName).toBe(
      `_twinplane-chain1-a.${NAME}.`,
    );
  });

  it('a re-run plans nothing', async () => {
    const diff = await setup().plan(parseConfig(doc()), VERDICT_SECRET);
    expect(diff.checks.writes).toEqual([]);
    expect(diff.checks.deletes).toEqual([]);
    expect(diff.zones.flatMap((z) => z.changes)).toEqual([]);
  });

  it('a changed threshold updates the checks in place, and then plans nothing', async () => {
    const config = parseConfig(doc({ mode: 'dataplane', failureThreshold: 5 }));
    const before = (await ours(config.owner)).map((c) => c.Id).sort();
    const { result } = await run(config);
    expect(result.created).toEqual([]);
    expect(result.updated).toHaveLength(4);
    const after = await ours(config.owner);
    expect(after.map((c) => c.Id).sort()).toEqual(before);
    const one = await client.send(
      new GetHealthCheckCommand({
        HealthCheckId: after.find((c) => c.HealthCheckConfig?.Type === 'HTTPS')!.Id!,
      }),
    );
    expect(one.HealthCheck?.HealthCheckConfig?.FailureThreshold).toBe(5);
    expect(diffSize(await setup().plan(config, VERDICT_SECRET))).toBe(0);
  });

  it('removing the mode deletes our checks and sets, and leaves the foreign check', async () => {
    const d = doc();
    delete (d.records[0] as { route53?: unknown }).route53;
    delete (d.planes as { verdicts?: unknown }).verdicts;
    const config = parseConfig(d);
    const { result } = await run(config);
    expect(result.deleted).toHaveLength(6);
    expect(await ours(config.owner)).toEqual([]);
    const sets = await zoneSets();
    expect(sets.filter((s) => s.Failover)).toEqual([]);
    expect(sets.find((s) => s.Name === `${NAME}.` && s.Type === 'A')?.ResourceRecords).toEqual([
      { Value: '192.0.2.10' },
    ]);
    expect((await client.send(new GetHealthCheckCommand({ HealthCheckId: foreignId }))).HealthCheck?.Id).toBe(
      foreignId,
    );
  });
});
